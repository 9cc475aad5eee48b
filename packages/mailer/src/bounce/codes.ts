// Status codes read out of report text: the RFC 3463 enhanced status ("5.1.1") and the
// RFC 5321 reply code ("550"). Both are read only where they stand as codes: a dotted
// number that is part of a longer one is an IP address or a version ("[10.2.3.4]" holds no
// status 2.3.4, "192.0.2.250" no reply code 250).

/** class.subject.detail, not preceded by a digit or dot and not followed by ".digit". */
export const STATUS_CODE = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/;
export const REPLY_CODE = /(?:^|[^\d.])([245][0-5]\d)(?:[ -]|$)/;

export function extractStatus(text: string): string | null {
  const m = STATUS_CODE.exec(text);
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : null;
}

export function extractReplyCode(text: string): number | null {
  const m = REPLY_CODE.exec(text);
  return m ? Number(m[1]) : null;
}
