/**
 * Turns bytes into text the way an XML processor must (XML 1.0 §4.3.3 and Appendix F): the BOM and the
 * encoding declaration decide, and they must agree. Everything that goes wrong is a located problem,
 * never an exception.
 */
export interface DecodeProblem {
  kind: 'encoding';
  message: string;
  line: number;
  column: number;
}

export interface Decoded {
  text: string;
  /** The encoding actually used to decode. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  bom: boolean;
  declared: string | undefined;
}

/** Encodings BasicHttpBinding's text encoder accepts. Anything else is refused by the server. */
const SUPPORTED: Record<string, Decoded['encoding']> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** The encoding a charset or encoding name stands for, if BasicHttpBinding's text encoder speaks it. */
export function supportedEncoding(name: string): Decoded['encoding'] | undefined {
  return Object.hasOwn(SUPPORTED, name.toLowerCase()) ? SUPPORTED[name.toLowerCase()] : undefined;
}

function sniff(bytes: Uint8Array): { encoding: Decoded['encoding']; bom: boolean } | { guessed: Decoded['encoding'] } | { unsupported: string } {
  const [a, b, c, d] = bytes;
  // UTF-32 before UTF-16: FF FE 00 00 starts like a UTF-16LE BOM.
  if ((a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) || (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00)) return { unsupported: 'UTF-32 (byte order mark)' };
  if ((a === 0x00 && b === 0x00 && c === 0x00 && d === 0x3c) || (a === 0x3c && b === 0x00 && c === 0x00 && d === 0x00)) return { unsupported: 'UTF-32' };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: true };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: true };
  if (a === 0x3c && b === 0x00) return { guessed: 'utf-16le' };
  if (a === 0x00 && b === 0x3c) return { guessed: 'utf-16be' };
  return { encoding: 'utf-8', bom: false };
}

const DECL = /^<\?xml\s[^>]*?encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;

function lineColumnAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: index - last };
}

/** UTF-16LE and UTF-16BE are one family: a declaration of "UTF-16" fits either byte order. */
function family(e: string): string {
  return e.startsWith('utf-16') ? 'utf-16' : e;
}

/**
 * One fatal decoder per encoding, reused: a non-streaming decode() starts from a clean state, and
 * constructing a TextDecoder per message cost more than decoding a documentation-size envelope.
 */
const fatal = new Map<Decoded['encoding'], InstanceType<typeof TextDecoder>>();

function fatalDecoder(encoding: Decoded['encoding']): InstanceType<typeof TextDecoder> {
  let d = fatal.get(encoding);
  if (d === undefined) {
    d = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    fatal.set(encoding, d);
  }
  return d;
}

export function decodeXml(bytes: Uint8Array): Decoded | DecodeProblem {
  const s = sniff(bytes);
  if ('unsupported' in s) {
    return { kind: 'encoding', message: `the document is ${s.unsupported}; the binding's text encoder reads only UTF-8 and UTF-16`, line: 1, column: 1 };
  }
  if ('guessed' in s) {
    return {
      kind: 'encoding',
      message: `the document is ${s.guessed.toUpperCase()} without a byte order mark; UTF-16 documents must begin with a BOM (XML 1.0 §4.3.3)`,
      line: 1,
      column: 1,
    };
  }
  const start = s.bom ? (s.encoding === 'utf-8' ? 3 : 2) : 0;
  let text: string;
  try {
    text = fatalDecoder(s.encoding).decode(start === 0 ? bytes : bytes.subarray(start));
  } catch {
    // A decoder that threw is not reused (its state after an error is the runtime's business).
    fatal.delete(s.encoding);
    // Read the declaration before blaming a byte: a Latin-1 document declared ISO-8859-1 should hear
    // that its encoding is unsupported, not that some byte is bad UTF-8.
    const head = new TextDecoder(s.encoding, { ignoreBOM: true }).decode(bytes.subarray(start, start + 512));
    const early = DECL.exec(head)?.[2];
    if (early !== undefined && !SUPPORTED[early.toLowerCase()]) {
      return {
        kind: 'encoding',
        message: `encoding "${early}" is not supported by the binding's text encoder (only UTF-8 and UTF-16)`,
        line: 1,
        column: head.indexOf(early) + 1,
      };
    }
    // Find the first bad byte so the user can see where the damage is.
    const at = firstInvalidOffset(bytes.subarray(start), s.encoding);
    const good = new TextDecoder(s.encoding, { ignoreBOM: true }).decode(bytes.subarray(start, start + at));
    const where = lineColumnAt(good, good.length);
    return {
      kind: 'encoding',
      message: `byte ${start + at} is not valid ${s.encoding.toUpperCase()}${s.bom ? '' : ' (no BOM, so UTF-8 is assumed)'}`,
      ...where,
    };
  }
  // The text decoded, so its first 512 bytes are the head the failure path reads: the declaration
  // found in the whole text is the one found there (it ends at its first ">"), and an unsupported
  // encoding gets the same message either way.
  const m = DECL.exec(text);
  const declared = m?.[2];
  if (declared !== undefined) {
    const wanted = SUPPORTED[declared.toLowerCase()];
    if (!wanted) {
      return {
        kind: 'encoding',
        message: `encoding "${declared}" is not supported by the binding's text encoder (only UTF-8 and UTF-16)`,
        line: 1,
        column: text.indexOf(declared) + 1,
      };
    }
    if (family(wanted) !== family(s.encoding)) {
      return {
        kind: 'encoding',
        message: `the XML declaration says ${declared} but the bytes are ${s.encoding.toUpperCase()}${s.bom ? ' (byte order mark)' : ''}`,
        line: 1,
        column: text.indexOf(declared) + 1,
      };
    }
  } else if (s.encoding !== 'utf-8' && !s.bom) {
    return { kind: 'encoding', message: 'UTF-16 document without byte order mark', line: 1, column: 1 };
  }
  return { text, encoding: s.encoding, bom: s.bom, declared };
}

/** Offset of the first byte that breaks the encoding: a plain linear scan, only run on failure. */
function firstInvalidOffset(bytes: Uint8Array, encoding: Decoded['encoding']): number {
  if (encoding !== 'utf-8') {
    if (bytes.length % 2 === 1) return bytes.length - 1;
    const le = encoding === 'utf-16le';
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const unit = le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const j = i + 2;
        const next = j + 1 < bytes.length ? (le ? bytes[j]! | (bytes[j + 1]! << 8) : (bytes[j]! << 8) | bytes[j + 1]!) : -1;
        if (next < 0xdc00 || next > 0xdfff) return i;
        i += 2;
      } else if (unit >= 0xdc00 && unit <= 0xdfff) return i;
    }
    return bytes.length;
  }
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlongs and surrogates in 3- and 4-byte forms.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length;
}
