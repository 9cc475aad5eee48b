// The contract between authoring (compile once per campaign) and sending (merge per
// recipient). `renderForRecipient` must never call MJML.
export type MergeVars = {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  /** Custom fields by key. */
  attributes?: Record<string, unknown>;
  /** Links injected per recipient. */
  unsubscribeUrl: string;
  preferencesUrl: string;
  /** Tracking (optional): open pixel URL, click URL builder by link index. */
  openPixelUrl?: string;
  clickUrl?: (linkIndex: number) => string;
  /** Double opt-in link and its expiry date, for `{{ confirm_url }}` / `{{ confirm_until }}` (consent mails only). */
  confirmUrl?: string;
  confirmUntil?: string;
};

export type CampaignSource = {
  subject: string;
  preheader?: string | null;
  mjml: string;
  /** Marketer-edited text part with merge tags; null: generated from the HTML. */
  textOverride?: string | null;
  trackClicks?: boolean;
  trackOpens?: boolean;
  /** The tenant's imprint (Impressum), filled in for `{{ imprint }}` (same for every recipient). */
  imprint?: string | null;
  /** Keys of the tenant's custom fields usable as merge tags; any other tag is a compile error. */
  customFields?: readonly string[];
  /** Consent-mail tags allowed on top of the campaign tags (`confirm_url` in the opt-in mail). */
  consentTags?: readonly ConsentTag[];
};

/** Tags only consent mails may use; a campaign using one gets "unknown merge tag". */
export type ConsentTag = 'confirm_url' | 'confirm_until';

export type RenderedMessage = { subject: string; html: string; text: string };

/** How a slot's value is written: HTML text/attribute, URL attribute, plain text, header. */
export type Escape = 'html' | 'url' | 'text' | 'header';

/** A hole in the compiled output, filled per recipient. */
export type Slot =
  | { k: 'field'; name: string; fallback: string; esc: Escape }
  | { k: 'unsubscribe' | 'preferences' | 'imprint'; esc: Escape }
  | { k: 'click'; index: number; esc: Escape }
  | { k: 'confirm' | 'confirmUntil'; esc: Escape }
  | { k: 'open' };

/** `s[0] + slot[0] + s[1] + ... + s[n]`: s.length === slots.length + 1. */
export type CompiledPart = { s: string[]; slots: Slot[] };

export type TrackedLinkDef = { index: number; url: string };

/** JSON-serialisable (the worker caches it in Campaign.compiledHtml or Redis). */
export type CompiledCampaign = {
  version: 1;
  subject: CompiledPart;
  html: CompiledPart;
  text: CompiledPart;
  /** Click-tracked links: persist as TrackedLink(campaignId, index, url). */
  links: TrackedLinkDef[];
  imprint: string;
  /** Merge tags used anywhere (names), for checks and the editor. */
  tags: string[];
};

export type TemplateIssue = { line: number | null; message: string; tagName?: string };
