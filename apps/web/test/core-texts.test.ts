// Texts core shows to people (issue 14, coreTexts namespace): every code core gives has its
// message, the English message says what core's English sentence says (same words, so pages
// in English do not change), and German says it without English left over.
import path from 'node:path';
import { compileCampaign } from '@rundbrief/mailer/render/index';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { runChecklist, type ChecklistItem } from '@rundbrief/core/authoring/checklist';
import { STARTER_TEMPLATES } from '@rundbrief/core/authoring/starters';
import { describeDetection, describeDetectionText } from '@rundbrief/core/audience/csv-detect';
import { reportExpiredMessage, reportExpiredText } from '@rundbrief/core/audience/retention';
import {
  bounceRatePause, complaintRatePause, notSentReason, PAUSED_BY_API, PAUSED_BY_USER, pauseReasonText, suspendedPause,
} from '@rundbrief/core/sending/pause-reason';
import { dailyLimitNotice, dailyLimitNoticeText } from '@rundbrief/core/sending/daily-limit';
import { bounceCategoryParts, skipReasonText } from '@rundbrief/core/reports/message-log';
import {
  alertText, ipDelistedMessage, ipListedMessage, ipRestedMessage, receiverRefusedMessage, webhookDisabledMessage,
} from '@rundbrief/core/platform/alert-text';
import { disabledReasonMessage, disabledReasonText } from '@rundbrief/core/webhooks/disabled-reason';
import { readCatalogue } from '../i18n/catalogue.ts';
import { FORMATS, TIME_ZONE } from '../i18n/formats.ts';
import { sayBounceCategory, sayCore } from '../lib/core-texts.ts';

const dir = path.join(import.meta.dirname, '../messages');
const translator = (locale: 'en' | 'de') =>
  // as the pages get it (getTranslations / useTranslations('coreTexts')), keys untyped like theirs
  createTranslator({ locale, messages: readCatalogue(dir, locale), namespace: 'coreTexts', timeZone: TIME_ZONE, formats: FORMATS }) as unknown as Parameters<typeof sayCore>[0];
const en = translator('en');
const de = translator('de');
/** Intl writes a no-break space before % and in dates; compared as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

async function checklistItems(): Promise<ChecklistItem[]> {
  const good = STARTER_TEMPLATES.plain.mjml;
  // everything wrong: no unsubscribe, no imprint tag, IP link, javascript: link, data: image, shortener, shouting subject
  const bad = `<mjml><mj-body><mj-section><mj-column>
    <mj-image src="https://img.example/a.png" /><mj-image src="data:image/png;base64,AAAA" />
    <mj-text><a href="http://10.0.0.1/x">a</a> <a href="javascript:alert(1)">b</a> <a href="https://bit.ly/x">c</a></mj-text>
  </mj-column></mj-section></mj-body></mjml>`;
  const items: ChecklistItem[] = [];
  for (const [mjml, subject, imprint, identity] of [
    [good, 'Hello', 'Shop GmbH, Berlin', true], [bad, 'BUY NOW PLEASE', 'Shop GmbH', false], [bad, '', null, true],
  ] as const) {
    const compiled = await compileCampaign({ subject, mjml, imprint: imprint ?? '' });
    items.push(...runChecklist({
      subject, listIds: identity ? ['l'] : [], mjml, preheader: identity ? 'Pre' : null,
      identity: identity ? { address: 'news@shop.example', domain: { summary: 'shop.example is verified.', verified: true, inGrace: false } as never } : null,
    }, { imprint }, compiled));
  }
  return items;
}

describe('coreTexts', () => {
  it('checklist: every item has a code, English says core’s sentence, German has its own', async () => {
    const items = await checklistItems();
    const codes = new Set(items.map((i) => i.text?.code));
    expect(codes.size).toBeGreaterThan(20);
    for (const i of items) {
      expect(i.text, i.id).toBeDefined();
      // the one list the page writes with the locale's list format
      if (i.id === 'obfuscated_urls' && !i.ok) continue;
      expect(sayCore(en, i.text, null), i.id).toBe(i.message);
      // the domain's own sentence is passed in by the page (settings.domains.summary)
      if (i.text!.code !== 'checklist.domainState') expect(sayCore(de, i.text, null), i.id).not.toBe(i.message);
    }
  });

  it('pause reasons: every sentence core writes reads back as its code', () => {
    const cases = [
      [PAUSED_BY_USER, 'Paused by a user', 'Von einem Benutzer pausiert'],
      [PAUSED_BY_API, 'Paused through the API', 'Über die API pausiert'],
      [suspendedPause('unpaid invoice'), 'Sending suspended by the platform operator: unpaid invoice', 'Versand vom Betreiber der Plattform gesperrt: unpaid invoice'],
      [notSentReason('Choose a sender identity.'), 'Not sent: Choose a sender identity.', 'Nicht gesendet: Choose a sender identity.'],
      [bounceRatePause(0.075, 3, 40, 0.05), 'Hard-bounce rate 7.5% (3 of 40 delivered) is above the 5% limit. Check where this list came from before resuming.',
        'Die Hard-Bounce-Rate von 7,5 % (3 von 40 zugestellt) liegt über der Grenze von 5 %. Prüfen Sie vor dem Fortsetzen, woher diese Liste stammt.'],
      [complaintRatePause(0.0125, 5, 400, 0.003), 'Complaint rate 1.3% (5 of 400 delivered) is above the 0.3% limit. Check consent and content before resuming.',
        'Die Beschwerderate von 1,3 % (5 von 400 zugestellt) liegt über der Grenze von 0,3 %. Prüfen Sie vor dem Fortsetzen Einwilligung und Inhalt.'],
    ] as const;
    for (const [stored, english, german] of cases) {
      const text = pauseReasonText(stored);
      expect(text, stored).not.toBeNull();
      expect(sayCore(en, text, null)).toBe(english);
      expect(plain(sayCore(de, text, null))).toBe(german);
    }
    // an operator's or an older sentence stays as stored
    expect(pauseReasonText('Something else')).toBeNull();
    expect(sayCore(de, pauseReasonText('Something else'), 'Something else')).toBe('Something else');
  });

  it('daily limit, skip reasons, bounce categories', () => {
    const c = { status: 'SENDING', dailyLimitUntil: new Date('2026-12-08T00:00:00Z') };
    const now = new Date('2026-12-07T12:00:00Z');
    expect(dailyLimitNotice(c, now)).toBe('Daily limit reached, continues at 2026-12-08 00:00 UTC.');
    expect(plain(sayCore(en, dailyLimitNoticeText(c, now), null))).toBe('Daily limit reached, continues at Dec 8, 2026, 12:00 AM UTC.');
    expect(plain(sayCore(de, dailyLimitNoticeText(c, now), null))).toBe('Tageslimit erreicht, geht weiter am 8. Dez. 2026, 00:00 UTC.');
    expect(dailyLimitNoticeText({ ...c, status: 'PAUSED' }, now)).toBeNull();
    for (const stored of ['campaign cancelled', 'connection lost after the message was sent', 'worker lost during delivery']) {
      expect(sayCore(en, skipReasonText(stored), null)).toBe(stored);
    }
    expect(sayCore(de, skipReasonText('campaign cancelled'), null)).toBe('Kampagne abgebrochen');
    expect(sayCore(de, skipReasonText('suppressed-after-snapshot'), null)).toBe('gesperrt, nachdem die Empfänger festgelegt waren');
    expect(skipReasonText('who knows')).toBeNull();
    expect(sayBounceCategory(de, bounceCategoryParts('hard:mailbox-unknown'))).toBe('dauerhaft: mailbox-unknown');
    expect(sayBounceCategory(de, bounceCategoryParts('auto-reply'))).toBe('automatische Antwort');
    expect(sayBounceCategory(en, bounceCategoryParts('soft:greylisted'))).toBe('soft: greylisted');
    expect(sayBounceCategory(de, bounceCategoryParts('weird'))).toBe('weird');
  });

  it('operator alerts: each kind core raises reads in the language, English as stored', () => {
    const since = new Date('2026-12-07T10:00:00Z');
    const listings = [{ zone: 'zen.spamhaus.org' }, { zone: 'bl.spamcop.net' }];
    // [the alert as core writes it, the English stored sentence, German as the console shows it]
    const cases: [{ kind: string; message: string; details: unknown }, string][] = [
      [{ kind: 'IP_LISTED', message: ipListedMessage('192.0.2.7', ['zen.spamhaus.org', 'bl.spamcop.net'], true), details: { ip: '192.0.2.7', listings, outOfRotation: true } },
        'Die Versand-IP 192.0.2.7 steht auf zen.spamhaus.org, bl.spamcop.net und ist aus der Rotation genommen.'],
      [{ kind: 'IP_LISTED', message: ipListedMessage('192.0.2.7', ['zen.spamhaus.org'], false), details: { ip: '192.0.2.7', listings: listings.slice(0, 1), outOfRotation: false } },
        'Die Versand-IP 192.0.2.7 steht auf zen.spamhaus.org.'],
      [{ kind: 'IP_DELISTED', message: ipDelistedMessage('192.0.2.7'), details: { ip: '192.0.2.7' } },
        'Die Versand-IP 192.0.2.7 ist nicht mehr gelistet und wieder in der Rotation.'],
      [{ kind: 'IP_BLOCKED', message: 'gmail.com refused mail from 192.0.2.7: 550 5.7.1 blocked', details: { ip: '192.0.2.7', domain: 'gmail.com', reply: '550 5.7.1 blocked' } },
        'gmail.com hat Mail von 192.0.2.7 abgelehnt: 550 5.7.1 blocked'],
      [{ kind: 'IP_BLOCKED', message: receiverRefusedMessage('web.de', '554 spam'), details: { ip: null, domain: 'web.de', diagnostic: '554 spam' } },
        'Ein Empfangsserver bei web.de hat unsere Mail abgelehnt (keine Absende-IP erfasst): 554 spam'],
      [{ kind: 'IP_BLOCKED', message: ipRestedMessage('web.de', '192.0.2.7', 3, 2, 0.5, '554 blocked'), details: { ip: '192.0.2.7', domain: 'web.de', diagnostic: '554 blocked', evidence: { messages: 3, sources: 2 }, hours: 0.5 } },
        'web.de blockiert die Versand-IP 192.0.2.7 (3 Nachrichten von 2 Hosts innerhalb einer Stunde gemeldet); sie ist für web.de 0,5 h aus der Rotation genommen. Antwort: 554 blocked'],
    ];
    for (const [alert, german] of cases) {
      const text = alertText(alert);
      expect(text, alert.message).not.toBeNull();
      expect(sayCore(en, text, null)).toBe(alert.message);
      expect(plain(sayCore(de, text, null))).toBe(german);
    }
    // An auto-pause alert says the campaign's pause reason (as on the campaign page).
    const paused = alertText({ kind: 'AUTO_PAUSE', message: bounceRatePause(0.075, 3, 40, 0.05), details: {} });
    expect(plain(sayCore(de, paused, null))).toBe('Die Hard-Bounce-Rate von 7,5 % (3 von 40 zugestellt) liegt über der Grenze von 5 %. Prüfen Sie vor dem Fortsetzen, woher diese Liste stammt.');
    // The webhook notice: the time as the language writes it (the record keeps ISO).
    const webhook = { kind: 'WEBHOOK_DISABLED', message: webhookDisabledMessage('https://hooks.example/x', since, 3), details: { url: 'https://hooks.example/x', since: since.toISOString(), hours: 3 } };
    expect(webhook.message).toBe('Webhook endpoint https://hooks.example/x was disabled: Every delivery failed since 2026-12-07T10:00:00.000Z (about 3 h); disabled automatically.');
    expect(plain(sayCore(en, alertText(webhook), null))).toBe('Webhook endpoint https://hooks.example/x was disabled: every delivery failed since Dec 7, 2026, 10:00 AM UTC (about 3 h); disabled automatically.');
    expect(plain(sayCore(de, alertText(webhook), null))).toBe('Webhook-Endpunkt https://hooks.example/x wurde deaktiviert: seit 7. Dez. 2026, 10:00 UTC (etwa 3 h) ist jede Zustellung fehlgeschlagen; automatisch deaktiviert.');
    // The endpoint's own note on the webhook settings page, read back from the stored sentence.
    const reason = disabledReasonMessage(since, 3);
    expect(plain(sayCore(de, disabledReasonText(reason), reason))).toBe('Seit 7. Dez. 2026, 10:00 UTC (etwa 3 h) ist jede Zustellung fehlgeschlagen; automatisch deaktiviert.');
    expect(plain(sayCore(en, disabledReasonText(reason), reason))).toBe('Every delivery failed since Dec 7, 2026, 10:00 AM UTC (about 3 h); disabled automatically.');
    expect(sayCore(de, disabledReasonText('Disabled by hand'), 'Disabled by hand')).toBe('Disabled by hand');
    // Older rows without the details a sentence needs, and unknown kinds, show as stored.
    for (const old of [{ kind: 'IP_LISTED', message: 'x', details: { ip: '192.0.2.7', listings } }, { kind: 'SOMETHING', message: 'y', details: null }]) {
      expect(alertText(old)).toBeNull();
      expect(sayCore(de, alertText(old), old.message)).toBe(old.message);
    }
  });

  it('import: what the file was read as, and the expired report', () => {
    for (const d of [
      { encoding: 'windows-1252', separator: ';', rows: 1204, germanHeader: true, decimalComma: true },
      { encoding: 'utf-8', separator: ',', rows: 60001, germanHeader: false, decimalComma: false },
      { encoding: 'utf-16le', separator: '\t', rows: 1, germanHeader: false, decimalComma: false },
    ] as const) {
      expect(sayCore(en, describeDetectionText(d), null)).toBe(describeDetection(d));
    }
    expect(sayCore(de, describeDetectionText({ encoding: 'windows-1252', separator: ';', rows: 1204, germanHeader: true, decimalComma: true }), null))
      .toBe("Windows-1252, Trennzeichen ';', 1.204 Zeilen, Kopfzeile deutsch, Zahlen als 1.234,56");
    expect(sayCore(en, reportExpiredText(), null)).toBe(reportExpiredMessage());
    expect(sayCore(de, reportExpiredText(), null)).toMatch(/^Der Ablehnungsbericht dieses Imports wurde gelöscht: Berichte werden nach einem Import \d+ Tage aufbewahrt/);
  });
});
