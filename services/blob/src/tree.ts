// Verified ranges: every byte a read hands out is checked against the blob digest through the
// blob's BLAKE3 tree above 16 KiB groups (the "outboard", as bao / iroh-blobs keep it), stored
// beside the blob index when the blob is committed. A reader
//   1. fetches the stored chaining values (CVs) of the groups its range covers, plus the sibling
//      nodes on their way up, and recomputes the tree up to the root: only if that equals the
//      blob digest are those group CVs trusted (a tampered outboard fails here);
//   2. hashes each group of data it fetches (whatever chunks hold it) and compares the CV with the
//      trusted one before handing any of its bytes out (a tampered chunk or index fails here).
// Tree shape: level 0 holds the group CVs; each level pairs adjacent nodes left to right and
// carries an odd last node up unchanged, which is exactly BLAKE3's left-complete tree; the two
// nodes of the top level make the root (with the ROOT flag). Single-chunk blobs need no tree:
// their one chunk's digest is the blob digest.
import { B3Digest, Code, StoreError } from "@castore/core";
import { CV_LEN, GROUP_SIZE, groupCVs, levelCounts, parentRoot, parents } from "@castore/blake3-tree";

/** CVs per stored page of a level (4 KiB): a range read needs about one page per level. */
export const TREE_PAGE_CVS = 128;
/** Pages at most in one tree request (512 KiB of CVs: 64 GiB of blob at level 0). */
export const TREE_PAGES_PER_REQUEST = 128;

/** Fetches `count` consecutive pages of `level` from `first` (concatenated; the last may be short). */
export type TreePages = (level: number, first: number, count: number) => Promise<Uint8Array>;

export function groupCount(size: bigint): number {
  return Number((size + BigInt(GROUP_SIZE) - 1n) / BigInt(GROUP_SIZE));
}

/** The pages of a blob's tree as stored: level by level, TREE_PAGE_CVS CVs each. */
export function treePages(levels: readonly Uint8Array[]): { level: number; page: number; bytes: Uint8Array }[] {
  const out: { level: number; page: number; bytes: Uint8Array }[] = [];
  const per = TREE_PAGE_CVS * CV_LEN;
  levels.forEach((lv, level) => {
    for (let p = 0; p * per < lv.length; p++) out.push({ level, page: p, bytes: lv.subarray(p * per, (p + 1) * per) });
  });
  return out;
}

/**
 * The stored CVs of groups [g0, g1) of a blob, checked against its digest: the CVs and the sibling
 * nodes on their way up are fetched (untrusted), the tree is recomputed to the root, and the
 * result must be the blob digest. Throws a verification error otherwise.
 */
export async function trustedGroupCVs(digest: B3Digest, size: bigint, g0: number, g1: number, fetch: TreePages): Promise<Uint8Array> {
  const counts = levelCounts(size);
  if (counts.length < 2) throw new StoreError(Code.Internal, `blob ${digest} of ${size} bytes has no tree above its groups`);
  const cache = new Map<string, Promise<Uint8Array>>();
  const page = (level: number, p: number): Promise<Uint8Array> => {
    const key = `${level}.${p}`;
    let got = cache.get(key);
    if (!got) {
      got = fetch(level, p, 1);
      got.catch(() => {});
      cache.set(key, got);
    }
    return got;
  };
  const node = async (level: number, i: number): Promise<Uint8Array> => {
    const pg = await page(level, Math.floor(i / TREE_PAGE_CVS));
    const off = (i % TREE_PAGE_CVS) * CV_LEN;
    if (pg.length < off + CV_LEN) throw bad(digest, `tree level ${level} is missing node ${i}`);
    return pg.subarray(off, off + CV_LEN);
  };
  // Which sibling nodes the way up needs: at most one on each side per level (pure arithmetic),
  // so they are fetched together with the range's own level-0 CVs, in one round of requests.
  const need: [number, number][] = [];
  {
    let lo = g0;
    let hi = g1 - 1;
    for (let l = 0; counts[l]! > 2; l++) {
      if (lo % 2 === 1) need.push([l, lo - 1]);
      if (hi % 2 === 0 && hi + 1 < counts[l]!) need.push([l, hi + 1]);
      lo >>= 1;
      hi >>= 1;
    }
    const top = counts.length - 1;
    if (lo === hi) need.push([top, lo ^ 1]);
  }
  const first = Math.floor(g0 / TREE_PAGE_CVS);
  const last = Math.floor((g1 - 1) / TREE_PAGE_CVS);
  const level0Parts: Promise<Uint8Array>[] = [];
  for (let p = first; p <= last; p += TREE_PAGES_PER_REQUEST) {
    if (p === last) level0Parts.push(page(0, p));
    else level0Parts.push(fetch(0, p, Math.min(TREE_PAGES_PER_REQUEST, last - p + 1)));
  }
  const siblings = new Map<string, Uint8Array>();
  const [parts] = await Promise.all([
    Promise.all(level0Parts),
    Promise.all(need.map(async ([l, i]) => siblings.set(`${l}.${i}`, await node(l, i)))),
  ]);
  const level0 = Buffer.concat(parts);
  const from = (g0 - first * TREE_PAGE_CVS) * CV_LEN;
  if (level0.length < from + (g1 - g0) * CV_LEN) throw bad(digest, `tree level 0 is missing groups of ${g0}..${g1 - 1}`);
  const trusted = level0.subarray(from, from + (g1 - g0) * CV_LEN);

  // Recompute upwards from the range.
  let lo = g0;
  let hi = g1 - 1;
  let cur = Buffer.from(trusted);
  for (let l = 0; ; l++) {
    const n = counts[l]!;
    if (lo % 2 === 1) {
      cur = Buffer.concat([siblings.get(`${l}.${lo - 1}`)!, cur]);
      lo--;
    }
    if (hi % 2 === 0 && hi + 1 < n) {
      cur = Buffer.concat([cur, siblings.get(`${l}.${hi + 1}`)!]);
      hi++;
    }
    if (n === 2) {
      const root = parentRoot(cur.subarray(0, CV_LEN), cur.subarray(CV_LEN, 2 * CV_LEN));
      if (!digest.equals(root)) throw bad(digest, "its stored tree does not lead to its digest");
      return trusted;
    }
    // Pair up; an odd last node of the level is carried up as it is.
    const pairs = Math.floor((hi - lo + 1) / 2);
    const up = Buffer.from(parents(cur.subarray(0, pairs * 2 * CV_LEN)));
    cur = (hi - lo + 1) % 2 === 1 ? Buffer.concat([up, cur.subarray(pairs * 2 * CV_LEN)]) : up;
    lo >>= 1;
    hi >>= 1;
  }
}

/**
 * Checks fetched data against trusted group CVs: `data` holds whole groups starting at group `g`
 * (the blob's last group may be partial); throws naming the first group that does not match.
 */
export function checkGroups(digest: B3Digest, data: Uint8Array, g: number, trusted: Uint8Array, trustedFrom: number): void {
  const cvs = groupCVs(data, g);
  const off = (g - trustedFrom) * CV_LEN;
  if (Buffer.compare(cvs, trusted.subarray(off, off + cvs.length)) === 0) return;
  for (let i = 0; i * CV_LEN < cvs.length; i++) {
    if (Buffer.compare(cvs.subarray(i * CV_LEN, (i + 1) * CV_LEN), trusted.subarray(off + i * CV_LEN, off + (i + 1) * CV_LEN)) !== 0) {
      throw bad(digest, `bytes ${(g + i) * GROUP_SIZE}..${(g + i + 1) * GROUP_SIZE - 1} do not match its tree`);
    }
  }
}

function bad(digest: B3Digest, what: string): StoreError {
  return new StoreError(Code.Internal, `verification failed: blob ${digest}: ${what}`);
}
