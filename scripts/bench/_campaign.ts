// The send benchmark's campaign (about 30 KB of mail: a first name in every paragraph, three
// tracked links, unsubscribe, preferences and imprint), shared by send.ts and _build.ts.
const FILLER = Array.from({ length: 36 }, (_, i) =>
  `<p>Absatz ${i + 1} für {{ firstName | "dich" }}: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>`).join('\n');

export const BENCH_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text><h1>Hallo {{ firstName | "Freund" }}!</h1>${FILLER}</mj-text>
<mj-button href="https://shop.example.com/angebot">Zum Angebot</mj-button>
<mj-text><a href="https://shop.example.com/a">A</a> <a href="https://shop.example.com/b">B</a></mj-text>
<mj-text><a href="{{ unsubscribe_url }}">Abmelden</a> · <a href="{{ preferences_url }}">Einstellungen</a> · {{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

export const BENCH_SUBJECT = 'Neuigkeiten für {{ firstName | "dich" }}';
