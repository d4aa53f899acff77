// Log-linear histogram of non-negative integer values (we use microseconds).
// Values < 256 are exact; above that each power of two is split in 128 buckets,
// so the relative error of a reported percentile is below 0.8%.
const SUB = 128;
export const HIST_BUCKETS = 256 + 24 * SUB; // covers up to 2^32 us (~71 min)

export function bucketOf(v) {
  v = v <= 0 ? 0 : Math.round(v);
  if (v < 256) return v;
  if (v >= 2 ** 32) return HIST_BUCKETS - 1;
  const e = 31 - Math.clz32(v); // >= 8
  const shift = e - 7;
  return 256 + (e - 8) * SUB + ((v >>> shift) - SUB);
}

// midpoint of a bucket
export function valueOf(b) {
  if (b < 256) return b;
  const e = (((b - 256) / SUB) | 0) + 8;
  const m = ((b - 256) % SUB) + SUB;
  const shift = e - 7;
  return ((m << shift) >>> 0) + ((1 << shift) >>> 1);
}

export class Hist {
  constructor() {
    this.c = new Float64Array(HIST_BUCKETS);
    this.n = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
  add(v) {
    this.c[bucketOf(v)]++;
    this.n++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  merge(o) {
    const c = o.c;
    for (let i = 0; i < HIST_BUCKETS; i++) this.c[i] += c[i];
    this.n += o.n;
    this.sum += o.sum;
    if (o.n) {
      this.min = Math.min(this.min, o.min);
      this.max = Math.max(this.max, o.max);
    }
    return this;
  }
  toJSON() {
    // sparse form for IPC
    const idx = [];
    const cnt = [];
    for (let i = 0; i < HIST_BUCKETS; i++)
      if (this.c[i]) {
        idx.push(i);
        cnt.push(this.c[i]);
      }
    return {
      idx,
      cnt,
      n: this.n,
      sum: this.sum,
      min: this.n ? this.min : null,
      max: this.n ? this.max : null,
    };
  }
  static from(j) {
    const h = new Hist();
    for (let k = 0; k < j.idx.length; k++) h.c[j.idx[k]] = j.cnt[k];
    h.n = j.n;
    h.sum = j.sum;
    if (j.n) {
      h.min = j.min;
      h.max = j.max;
    }
    return h;
  }
  pct(p) {
    if (!this.n) return null;
    if (p >= 100) return this.max;
    const rank = Math.ceil((p / 100) * this.n);
    let acc = 0;
    for (let i = 0; i < HIST_BUCKETS; i++) {
      acc += this.c[i];
      if (acc >= rank) return Math.min(Math.max(valueOf(i), this.min), this.max);
    }
    return this.max;
  }
  summary(scale = 1) {
    const r = (x) => (x == null ? null : Math.round((x / scale) * 1000) / 1000);
    return {
      n: this.n,
      mean: this.n ? r(this.sum / this.n) : null,
      p50: r(this.pct(50)),
      p90: r(this.pct(90)),
      p99: r(this.pct(99)),
      p999: r(this.pct(99.9)),
      max: r(this.n ? this.max : null),
    };
  }
}
