// The built-in confirmation and welcome mail of a German list (List.language = 'de'): the
// same structure and merge tags as the English ones in list-mail.ts, in Sie-form. A list's
// own subject or MJML replaces these as written; they are never translated.
import { mjmlHead } from '../authoring/starters.ts';

export const DE_CONFIRMATION_SUBJECT = 'Bitte bestätigen Sie Ihre Anmeldung zu {{ list_name }}';
export const DE_CONFIRMATION_MJML = `<mjml>
${mjmlHead('Bitte bestätigen Sie Ihre Anmeldung')}
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>Hallo {{ firstName | "zusammen" }},</mj-text>
        <mj-text>bitte bestätigen Sie, dass Sie <strong>{{ list_name }}</strong> von {{ sender_name }} erhalten möchten.</mj-text>
        <mj-button href="{{ confirm_url }}" background-color="#2563eb">Ja, ich möchte den Newsletter erhalten</mj-button>
        <mj-text font-size="13px" color="#4b5563">Falls die Schaltfläche nicht funktioniert, öffnen Sie diesen Link: <a href="{{ confirm_url }}">{{ confirm_url }}</a></mj-text>
        <mj-text font-size="13px" color="#4b5563">Der Link ist gültig bis {{ confirm_until }}. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese Mail: Sie hören dann nicht wieder von uns.</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text align="center" font-size="11px" color="#9ca3af">{{ imprint }}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

export const DE_WELCOME_SUBJECT = 'Willkommen bei {{ list_name }}';
export const DE_WELCOME_MJML = `<mjml>
${mjmlHead('Willkommen')}
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text>Hallo {{ firstName | "zusammen" }},</mj-text>
        <mj-text>willkommen bei <strong>{{ list_name }}</strong>! Ihre Anmeldung ist bestätigt; Sie hören bald von {{ sender_name }}.</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#6b7280" line-height="18px">
          Sie erhalten diese Mail, weil Sie sich für {{ list_name }} angemeldet haben.<br />
          <a href="{{ unsubscribe_url }}" style="color:#6b7280">Abbestellen</a> ·
          <a href="{{ preferences_url }}" style="color:#6b7280">Ihre Daten verwalten</a>
        </mj-text>
        <mj-text align="center" font-size="11px" color="#9ca3af">{{ imprint }}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
