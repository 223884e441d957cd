import { textPieces } from "./dist/config/text-file.js";
import { parseStreamed } from "./dist/config/yaml-stream.js";
import { PARSE_OPTIONS } from "./dist/config/yaml-options.js";
import { Lexer, Parser, LineCounter } from "yaml";
const mode = process.argv[2];
let n = 0;
if (mode === "parse") { const p = new Parser(); const lx = new Lexer(); for (const piece of textPieces("/tmp/gm/yaml/people.yaml")) for (const t of lx.lex(piece, true)) for (const x of p.next(t)) n++; }
if (mode === "stream") { const r = parseStreamed(textPieces("/tmp/gm/yaml/people.yaml"), PARSE_OPTIONS, new LineCounter(), (doc) => { n++; return undefined; }); }
if (mode === "streamjs") { const r = parseStreamed(textPieces("/tmp/gm/yaml/people.yaml"), PARSE_OPTIONS, new LineCounter(), (doc) => { n++; return doc.toJS()[0]; }); }
const u = process.memoryUsage();
console.log(mode, n, "rss", u.rss/1e6|0, "heapTotal", u.heapTotal/1e6|0, "ext", u.external/1e6|0);
