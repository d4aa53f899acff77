// Tiny CLI flag parser: --name value, --name=value, --flag (boolean true), --no-flag.
// Defaults decide the type: numbers are parsed as numbers, booleans as booleans.
export function parseArgs(argv, defaults = {}, { allowUnknown = false } = {}) {
  const out = { ...defaults, _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out._.push(a);
      continue;
    }
    let name = a.slice(2);
    let value;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (name.startsWith('no-') && !(name in defaults) && name.slice(3) in defaults) {
      out[name.slice(3)] = false;
      continue;
    }
    if (!allowUnknown && !(name in defaults)) {
      throw new Error(
        `unknown flag --${name} (known: ${Object.keys(defaults)
          .map((k) => '--' + k)
          .join(' ')})`,
      );
    }
    const def = defaults[name];
    if (typeof def === 'boolean') {
      out[name] = value === undefined ? true : !/^(0|false|no|off)$/i.test(value);
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new Error(`flag --${name} needs a value`);
      value = argv[++i];
    }
    if (typeof def === 'number') {
      const n = parseNumber(value);
      if (!Number.isFinite(n)) throw new Error(`flag --${name}: not a number: ${value}`);
      out[name] = n;
    } else if (Array.isArray(def)) {
      // repeatable flag
      out[name] = (out[name] === def ? [] : out[name]).concat([value]);
    } else {
      out[name] = value;
    }
  }
  return out;
}

// Accepts 1000, 1e3, 10k, 4KiB, 4k, 1M, 0.5
export function parseNumber(v) {
  if (typeof v === 'number') return v;
  const m =
    /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(k|ki|kib|kb|m|mi|mib|mb|g|gi|gib|gb)?\s*$/i.exec(
      String(v),
    );
  if (!m) return NaN;
  const n = Number(m[1]);
  const u = (m[2] || '').toLowerCase();
  if (!u) return n;
  if (u === 'k' || u === 'kb') return n * 1000;
  if (u === 'ki' || u === 'kib') return n * 1024;
  if (u === 'm' || u === 'mb') return n * 1e6;
  if (u === 'mi' || u === 'mib') return n * 1024 * 1024;
  if (u === 'g' || u === 'gb') return n * 1e9;
  return n * 1024 * 1024 * 1024;
}

export function parseList(v, fn = (x) => x) {
  if (Array.isArray(v)) return v.map(fn);
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(fn);
}
