// The recipients of the sisimai corpus where Rundbrief's category differs from sisimai's,
// each with the reason the product's answer is kept. classify-corpus.test.ts fails on a
// disagreement that is not listed here (fix it or explain it), and lists them all in
// test-results/sisimai.json. Keys: "<file>#<recipient index>". The same list, for people,
// is in packages/mailer/src/bounce/README.md.
export const DISAGREEMENTS: Record<string, string> = {
  'maildir/bsd/lhost-ezweb-01.eml#0':
    'No code, only "Each of the following recipients was rejected by a remote mail server": a bare refusal word says nothing about the address, so it is no reason to suppress one (block only rests an IP once several hosts corroborate it).',
  'maildir/bsd/lhost-gmail-03.eml#0':
    'The remote reply is "554 5.7.0 Header error": 5.7.x is a security/policy refusal of our message, not of the address (sisimai: filtered).',
  'maildir/bsd/lhost-opensmtpd-12.eml#0':
    'Action: delayed, Status 4.0.0: the message is still queued. A delay is a warning and never counts as hard, whatever its wording ("No MX found").',
  'maildir/bsd/lhost-sendmail-21.eml#0':
    'Status 4.4.7, "Deferred: Connection refused by mx..." for 8 hours: the queue expired on a connection failure; no policy or reputation wording, so soft, not block.',
  'maildir/bsd/lhost-v5sendmail-05.eml#0':
    'The transcript for this recipient says "550 Your E-Mail is redundant. You cannot send E-Mail to yourself" and "Remote protocol error: Connection reset by peer": nothing names a block; a connection reset is soft.',
  'maildir/bsd/rfc3464-01.eml#0':
    'Status 5.1.1 and the remote reply "550 5.1.1 ... User Unknown"; only the reporting MTA\'s free text says "Not enough disk space". The remote\'s reply outranks the boilerplate: hard.',
  'maildir/bsd/rfc3464-01.eml#1': 'Same report as #0 (sisimai lists the recipient twice).',
  'maildir/bsd/rfc3464-35.eml#0':
    '"550 \'...\' is not a registered gateway user": the recipient is not registered at that gateway, an address problem (hard), not a refusal of our sender.',
  'maildir/bsd/rhost-aol-06.eml#0':
    '"Name service error ... Malformed or unexpected name server reply" (5.4.4): an unparseable DNS answer is a transient lookup failure, not proof the domain takes no mail. sisimai itself calls the same wording networkerror (soft) in lhost-postfix-17.',
  'maildir/bsd/rhost-franceptt-07.eml#0':
    '"421 ... Service refuse. Veuillez essayer plus tard. Service refused, please try later": a 4xx that asks to try later, without reputation wording. sisimai decides by Orange\'s private code (OFR_999); rhost-franceptt-08 has the same words with another code and sisimai calls it systemerror (soft).',
  'maildir/bsd/rhost-nttdocomo-02.eml#0':
    '"550 Unknown user ...": the receiver says the address is unknown; the product takes a refusal that names the recipient unknown as hard (as it does for the carriers\' "filtered").',
  'maildir/bsd/rhost-nttdocomo-03.eml#0': 'Same wording as rhost-nttdocomo-02.',
  'maildir/bsd/rhost-spectrum-01.eml#0':
    '"550 5.1.0 <...@amazonses.com> sender rejected": the wording says our sender was refused (block); sisimai reads Spectrum\'s private error-code page (toomanyconn).',
};
