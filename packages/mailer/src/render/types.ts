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
};

export type CampaignSource = {
  subject: string;
  preheader?: string | null;
  mjml: string;
  /** Marketer-edited text part with merge tags; null: generated from the HTML. */
  textOverride?: string | null;
  trackClicks?: boolean;
  trackOpens?: boolean;
};

export type RenderedMessage = { subject: string; html: string; text: string };
