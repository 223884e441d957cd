/**
 * The printable visitor pass's one inline style sheet. The console opens a pass from a blob, whose
 * page inherits the console's Content Security Policy: the policy allows this sheet by its hash.
 */
export const PASS_STYLE = `
  @page { size: 4in 3in; margin: 0.15in; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 9pt/1.25 system-ui, sans-serif; color: #000; background: #fff; }
  .pass { width: 3.7in; height: 2.7in; border: 2px solid #000; border-radius: 8px; padding: 0.1in; display: grid;
    grid-template-columns: 0.8in 1fr; grid-template-rows: auto 1fr auto; gap: 0.06in 0.1in; overflow: hidden; }
  header { grid-column: 1 / 3; display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #000; }
  header h1 { font-size: 14pt; margin: 0; letter-spacing: 0.08em; }
  .photo { width: 0.8in; height: 0.95in; border: 1px dashed #666; display: flex; align-items: center; justify-content: center;
    font-size: 8pt; color: #666; }
  .name { font-size: 12pt; font-weight: 700; margin: 0 0 0.03in; overflow-wrap: anywhere;
    display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
  p { margin: 0; }
  dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 0.08in; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .code { grid-column: 1 / 3; display: flex; align-items: center; gap: 0.1in; }
  .code svg { flex: none; width: 0.95in; height: 0.95in; }
  .expires { font-size: 11pt; font-weight: 700; }
  @media print { .pass { border-color: #000; } }
`;
