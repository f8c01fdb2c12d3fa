// The checkout's look, inside its shadow root so a merchant's page neither breaks it nor is broken by it.
// System fonts only (nothing fetched); light and dark follow the buyer's setting unless `theme` is set.
// Colours meet WCAG AA contrast (4.5:1) for text in both schemes.
export const styles = `
:host {
  --bg: #ffffff; --fg: #1a1a1a; --muted: #555b66; --line: #d5d8de; --accent: #1746a2; --accent-fg: #ffffff;
  --problem-bg: #fdecea; --problem-fg: #8a1c12; --notice-bg: #eef2fb;
  display: block; max-width: 28rem; margin: 0 auto; color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --bg: #15171c; --fg: #eceef2; --muted: #a9afbb; --line: #363a44; --accent: #8fb0ff; --accent-fg: #0b1020;
    --problem-bg: #3b1714; --problem-fg: #ffc9c2; --notice-bg: #1d2433;
  }
}
:host([theme="dark"]) {
  --bg: #15171c; --fg: #eceef2; --muted: #a9afbb; --line: #363a44; --accent: #8fb0ff; --accent-fg: #0b1020;
  --problem-bg: #3b1714; --problem-fg: #ffc9c2; --notice-bg: #1d2433;
}
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 12px; padding: 1.25rem; }
.title { font-size: 1.25rem; margin: 0 0 .25rem; }
.title:focus { outline: none; }
.badge { display: inline-block; margin: 0 0 .5rem; padding: 0 .5rem; border-radius: 999px; background: var(--notice-bg); font-size: .8rem; }
.description, .hint, .countdown, dt { color: var(--muted); }
.description { margin: 0 0 .75rem; }
.facts { margin: .75rem 0; display: grid; gap: .5rem; }
.facts div { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
dd { margin: 0; text-align: right; }
.amount { display: flex; flex-direction: column; align-items: flex-end; }
.fiat { font-size: 1.4rem; font-weight: 600; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9rem; }
.status { font-weight: 600; margin: .75rem 0 .25rem; min-height: 1.5em; }
.countdown { margin: 0 0 .75rem; font-variant-numeric: tabular-nums; }
.label { margin: .5rem 0; }
.wallets { list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }
button { font: inherit; cursor: pointer; border-radius: 8px; padding: .6rem .9rem; min-height: 44px; }
button:disabled { cursor: progress; opacity: .6; }
button:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.wallet { width: 100%; display: flex; align-items: center; gap: .75rem; background: var(--bg); color: var(--fg); border: 1px solid var(--line); }
.wallet:hover:not(:disabled) { border-color: var(--accent); }
.primary { background: var(--accent); color: var(--accent-fg); border: 1px solid var(--accent); }
.secondary { background: transparent; color: var(--accent); border: 1px solid var(--accent); }
a { color: var(--accent); }
.steps { padding-left: 1.25rem; }
.steps li[aria-current="step"] { font-weight: 600; }
.steps li.done { color: var(--muted); text-decoration: line-through; }
.problem { background: var(--problem-bg); color: var(--problem-fg); border-radius: 8px; padding: .75rem; margin: .75rem 0; }
.problem p { margin: 0 0 .5rem; }
.problem .secondary { color: var(--problem-fg); border-color: var(--problem-fg); }
.notice { background: var(--notice-bg); border-radius: 8px; padding: .75rem; }
.receipt { border-top: 1px solid var(--line); margin-top: 1rem; padding-top: .5rem; }
.receipt h3 { margin: .25rem 0; font-size: 1.05rem; }
.events { padding-left: 1.25rem; }
.actions { display: grid; gap: .75rem; margin-top: .75rem; }
.actions .hint { margin: .25rem 0 0; font-size: .9rem; }
.return { display: inline-block; margin-top: 1rem; }
.deposit { border-top: 1px solid var(--line); margin-top: 1rem; padding-top: .5rem; }
.deposit h3 { margin: .25rem 0 .5rem; font-size: 1.05rem; }
.qr { display: block; width: 12rem; height: 12rem; margin: .5rem auto; }
.address { word-break: break-all; text-align: left; }
.deposit-notice { list-style: none; margin: .75rem 0; }
.refund-address { display: grid; gap: .4rem; margin-top: 1rem; }
.refund-address p { margin: 0; }
.refund-address input, .refund-address button { box-sizing: border-box; width: 100%; min-width: 0; }
.refund-address input { font: inherit; padding: .5rem; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); color: var(--fg); }
.refund-address [role="status"] { word-break: break-all; }
@media (max-width: 400px) { .card { padding: 1rem; border-radius: 0; border-left: 0; border-right: 0; } }
`;
