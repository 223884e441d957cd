/**
 * Keys that appear twice in one object of a JSON text, at any depth. `JSON.parse` keeps the last of
 * them silently, so a log line with a repeated key reads fine in code and wrong in a log shipper.
 * A small recursive-descent reader: it checks structure only as far as it needs to find the keys.
 */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (): void => {
    skipSpace();
    const c = text[i];
    if (c === "{") readObject();
    else if (c === "[") readArray();
    else if (c === '"') readString();
    else while (i < text.length && !/[,}\]\s]/.test(text[i] ?? "")) i++;
  };
  const readArray = (): void => {
    i++;
    skipSpace();
    while (text[i] !== "]") {
      readValue();
      skipSpace();
      if (text[i] === ",") i++;
    }
    i++;
  };
  const readObject = (): void => {
    const keys = new Set<string>();
    i++;
    skipSpace();
    while (text[i] !== "}") {
      skipSpace();
      const key = readString();
      if (keys.has(key)) found.push(key);
      keys.add(key);
      skipSpace();
      i++; // the colon
      readValue();
      skipSpace();
      if (text[i] === ",") i++;
      skipSpace();
    }
    i++;
  };
  readValue();
  return found;
}
