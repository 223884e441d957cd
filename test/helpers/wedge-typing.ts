/**
 * The boot keyboard reports (hex) a keyboard-wedge scanner sends to type `text` on a US layout: one
 * press and one release per character, Enter for a line feed. Control characters a scanner cannot
 * type as keys (the AAMVA header's RS and CR) are left out, as most scanners do.
 */
export function wedgeReports(text: string): string[] {
  const out: string[] = [];
  for (const c of text) {
    const key = keyOf(c);
    if (key === null) continue;
    out.push(`${key.shift ? "02" : "00"}00${key.usage.toString(16).padStart(2, "0")}0000000000`, "0000000000000000");
  }
  return out;
}

const PUNCT = " -=[]\\#;'`,./";
const PUNCT_SHIFTED = " _+{}|~:\"~<>?";
const ROW_SHIFTED = "!@#$%^&*()";

function keyOf(c: string): { usage: number; shift: boolean } | null {
  if (c === "\n") return { usage: 0x28, shift: false };
  if (/[a-z]/.test(c)) return { usage: 0x04 + c.charCodeAt(0) - 0x61, shift: false };
  if (/[A-Z]/.test(c)) return { usage: 0x04 + c.charCodeAt(0) - 0x41, shift: true };
  if (/[1-9]/.test(c)) return { usage: 0x1e + Number(c) - 1, shift: false };
  if (c === "0") return { usage: 0x27, shift: false };
  if (ROW_SHIFTED.includes(c)) return { usage: 0x1e + ROW_SHIFTED.indexOf(c), shift: true };
  if (PUNCT.includes(c)) return { usage: 0x2c + PUNCT.indexOf(c), shift: false };
  if (PUNCT_SHIFTED.includes(c)) return { usage: 0x2c + PUNCT_SHIFTED.indexOf(c), shift: true };
  return null;
}
