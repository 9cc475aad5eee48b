// Starter templates, in every UI language. Each one already carries what the pre-send
// checklist requires: an unsubscribe link, a preferences link and the tenant's imprint.
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';

const footer = `
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#6b7280" line-height="18px">
          You receive this because you subscribed to our newsletter.<br />
          <a href="{{ unsubscribe_url }}" style="color:#6b7280">Unsubscribe</a> ·
          <a href="{{ preferences_url }}" style="color:#6b7280">Update your preferences</a>
        </mj-text>
        <mj-text align="center" font-size="11px" color="#9ca3af">{{ imprint }}</mj-text>
      </mj-column>
    </mj-section>`;

/** The <mj-head> every built-in template shares (title, font, text size and colour). */
export const mjmlHead = (title: string) => `  <mj-head>
    <mj-title>${title}</mj-title>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="24px" color="#111827" />
    </mj-attributes>
  </mj-head>`;

export const STARTER_TEMPLATES = {
  newsletter: {
    name: 'Newsletter',
    mjml: `<mjml>
${mjmlHead('Newsletter')}
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#1f2937" padding="20px">
      <mj-column>
        <mj-text color="#ffffff" font-size="22px" font-weight="bold">Our monthly news</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>Hi {{ firstName | "there" }},</mj-text>
        <mj-text>Here is what happened this month. Replace this text with your first story.</mj-text>
        <mj-button href="https://example.com/blog" background-color="#2563eb">Read the story</mj-button>
        <mj-divider border-color="#e5e7eb" />
        <mj-text font-weight="bold">Also new</mj-text>
        <mj-text>A second, shorter item with a <a href="https://example.com/news">link</a>.</mj-text>
      </mj-column>
    </mj-section>${footer}
  </mj-body>
</mjml>
`,
  },
  announcement: {
    name: 'Announcement',
    mjml: `<mjml>
${mjmlHead('Announcement')}
  <mj-body background-color="#ffffff">
    <mj-section padding="40px 24px 16px">
      <mj-column>
        <mj-text align="center" font-size="28px" line-height="34px" font-weight="bold">Something new is here</mj-text>
        <mj-text align="center" color="#4b5563">{{ firstName | "Hello" }}, we have been working on this for a while and wanted you to hear it first.</mj-text>
        <mj-button href="https://example.com/launch" background-color="#16a34a" font-size="18px">See what's new</mj-button>
      </mj-column>
    </mj-section>${footer}
  </mj-body>
</mjml>
`,
  },
  plain: {
    name: 'Plain letter',
    mjml: `<mjml>
${mjmlHead('Letter')}
  <mj-body>
    <mj-section padding="24px">
      <mj-column>
        <mj-text>Hi {{ firstName | "there" }},</mj-text>
        <mj-text>Write your message here, like a personal letter. Short paragraphs read best.</mj-text>
        <mj-text>Best regards,<br />Your team</mj-text>
      </mj-column>
    </mj-section>${footer}
  </mj-body>
</mjml>
`,
  },
} as const;

export type StarterKey = keyof typeof STARTER_TEMPLATES;
export const STARTER_KEYS = Object.keys(STARTER_TEMPLATES) as StarterKey[];

// The German starters: the same layouts in proper German, with the footer wording German
// readers expect ("Abmelden", "Impressum" over the tenant's imprint).
const footerDe = `
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#6b7280" line-height="18px">
          Sie erhalten diese E-Mail, weil Sie unseren Newsletter abonniert haben.<br />
          <a href="{{ unsubscribe_url }}" style="color:#6b7280">Abmelden</a> ·
          <a href="{{ preferences_url }}" style="color:#6b7280">Einstellungen ändern</a>
        </mj-text>
        <mj-text align="center" font-size="11px" color="#9ca3af"><strong>Impressum</strong><br />{{ imprint }}</mj-text>
      </mj-column>
    </mj-section>`;

export const STARTER_TEMPLATES_DE: Record<StarterKey, { name: string; mjml: string }> = {
  newsletter: {
    name: 'Newsletter',
    mjml: `<mjml lang="de">
${mjmlHead('Newsletter')}
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#1f2937" padding="20px">
      <mj-column>
        <mj-text color="#ffffff" font-size="22px" font-weight="bold">Unsere Neuigkeiten des Monats</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>Hallo {{ firstName | "zusammen" }},</mj-text>
        <mj-text>Das ist in diesem Monat passiert. Ersetzen Sie diesen Text durch Ihre erste Geschichte.</mj-text>
        <mj-button href="https://example.com/blog" background-color="#2563eb">Zum Artikel</mj-button>
        <mj-divider border-color="#e5e7eb" />
        <mj-text font-weight="bold">Außerdem neu</mj-text>
        <mj-text>Eine zweite, kürzere Meldung mit einem <a href="https://example.com/news">Link</a>.</mj-text>
      </mj-column>
    </mj-section>${footerDe}
  </mj-body>
</mjml>
`,
  },
  announcement: {
    name: 'Ankündigung',
    mjml: `<mjml lang="de">
${mjmlHead('Ankündigung')}
  <mj-body background-color="#ffffff">
    <mj-section padding="40px 24px 16px">
      <mj-column>
        <mj-text align="center" font-size="28px" line-height="34px" font-weight="bold">Es gibt etwas Neues</mj-text>
        <mj-text align="center" color="#4b5563">{{ firstName | "Hallo" }}, daran haben wir lange gearbeitet, und Sie sollen es als Erste erfahren.</mj-text>
        <mj-button href="https://example.com/launch" background-color="#16a34a" font-size="18px">Jetzt ansehen</mj-button>
      </mj-column>
    </mj-section>${footerDe}
  </mj-body>
</mjml>
`,
  },
  plain: {
    name: 'Schlichter Brief',
    mjml: `<mjml lang="de">
${mjmlHead('Brief')}
  <mj-body>
    <mj-section padding="24px">
      <mj-column>
        <mj-text>Hallo {{ firstName | "zusammen" }},</mj-text>
        <mj-text>Schreiben Sie hier Ihre Nachricht, wie einen persönlichen Brief. Kurze Absätze lesen sich am besten.</mj-text>
        <mj-text>Viele Grüße<br />Ihr Team</mj-text>
      </mj-column>
    </mj-section>${footerDe}
  </mj-body>
</mjml>
`,
  },
};

/** The starters in `locale` (the user's UI language by default; English for unknown ones). */
export function starterTemplates(locale: Locale = DEFAULT_LOCALE): Record<StarterKey, { name: string; mjml: string }> {
  return locale === 'de' ? STARTER_TEMPLATES_DE : STARTER_TEMPLATES;
}
