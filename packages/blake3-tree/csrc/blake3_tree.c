// BLAKE3 compression function and the chunk-group tree, from the BLAKE3 specification
// (https://github.com/BLAKE3-team/BLAKE3-specs): 1 KiB chunks of 64-byte blocks, chained per
// chunk; chunk CVs combined pairwise into a left-complete binary tree of parent nodes. castore
// (like bao / iroh-blobs with chunk group log 4) keeps the tree only down to 16 KiB groups of 16
// chunks, so this file's unit of output is the group CV.
#include "blake3_tree.h"

#include <string.h>

static const uint32_t B3T_IV[8] = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                   0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};

// Message word order of each of the 7 rounds: row r is the spec's permutation
// [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8] applied r times. Spelled out so the
// unrolled rounds index the message with constants.
static const uint8_t B3T_SCHEDULE[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

// Byte-wise little-endian access: correct on any host, and compilers turn it into one move.
static inline uint32_t b3t_load32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline void b3t_store32(uint8_t *p, uint32_t w) {
  p[0] = (uint8_t)w;
  p[1] = (uint8_t)(w >> 8);
  p[2] = (uint8_t)(w >> 16);
  p[3] = (uint8_t)(w >> 24);
}

static inline uint32_t b3t_rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// The compression function, truncated to the 8-word chaining value (castore never needs the
// extended output). cv is updated in place.
static void b3t_compress(uint32_t cv[8], const uint8_t block[B3T_BLOCK_LEN], uint64_t counter,
                         uint32_t block_len, uint32_t flags) {
  uint32_t m[16], v[16];
  for (int i = 0; i < 16; i++) m[i] = b3t_load32(block + 4 * i);
  for (int i = 0; i < 8; i++) v[i] = cv[i];
  for (int i = 0; i < 4; i++) v[8 + i] = B3T_IV[i];
  v[12] = (uint32_t)counter;
  v[13] = (uint32_t)(counter >> 32);
  v[14] = block_len;
  v[15] = flags;
#define G(a, b, c, d, x, y)                                                                        \
  do {                                                                                             \
    v[a] = v[a] + v[b] + (x);                                                                      \
    v[d] = b3t_rotr(v[d] ^ v[a], 16);                                                              \
    v[c] = v[c] + v[d];                                                                            \
    v[b] = b3t_rotr(v[b] ^ v[c], 12);                                                              \
    v[a] = v[a] + v[b] + (y);                                                                      \
    v[d] = b3t_rotr(v[d] ^ v[a], 8);                                                               \
    v[c] = v[c] + v[d];                                                                            \
    v[b] = b3t_rotr(v[b] ^ v[c], 7);                                                               \
  } while (0)
  // Rounds spelled out (not a loop) so that the schedule lookups are constants and m[] and v[]
  // live in registers.
#define ROUND(r)                                                                                   \
  do {                                                                                             \
    const uint8_t *s = B3T_SCHEDULE[r];                                                            \
    G(0, 4, 8, 12, m[s[0]], m[s[1]]);                                                              \
    G(1, 5, 9, 13, m[s[2]], m[s[3]]);                                                              \
    G(2, 6, 10, 14, m[s[4]], m[s[5]]);                                                             \
    G(3, 7, 11, 15, m[s[6]], m[s[7]]);                                                             \
    G(0, 5, 10, 15, m[s[8]], m[s[9]]);                                                             \
    G(1, 6, 11, 12, m[s[10]], m[s[11]]);                                                           \
    G(2, 7, 8, 13, m[s[12]], m[s[13]]);                                                            \
    G(3, 4, 9, 14, m[s[14]], m[s[15]]);                                                            \
  } while (0)
  ROUND(0);
  ROUND(1);
  ROUND(2);
  ROUND(3);
  ROUND(4);
  ROUND(5);
  ROUND(6);
#undef ROUND
#undef G
  for (int i = 0; i < 8; i++) cv[i] = v[i] ^ v[i + 8];
}

static void b3t_store_cv(const uint32_t cv[8], uint8_t out[32]) {
  for (int i = 0; i < 8; i++) b3t_store32(out + 4 * i, cv[i]);
}

// CV of one chunk of 0..1024 bytes (only the empty blob has an empty chunk); `root` adds ROOT to
// its last block, which makes it the hash of a one-chunk input.
static void b3t_chunk_cv(const uint8_t *data, size_t len, uint64_t counter, int root,
                         uint8_t out[32]) {
  uint32_t cv[8];
  memcpy(cv, B3T_IV, sizeof cv);
  size_t nblocks = len == 0 ? 1 : (len + B3T_BLOCK_LEN - 1) / B3T_BLOCK_LEN;
  for (size_t b = 0; b < nblocks; b++) {
    size_t off = b * B3T_BLOCK_LEN, n = len - off < B3T_BLOCK_LEN ? len - off : B3T_BLOCK_LEN;
    uint8_t block[B3T_BLOCK_LEN] = {0}; // the last block is zero-padded, its length says how much
    memcpy(block, data + off, n);
    uint32_t flags = (b == 0 ? B3T_CHUNK_START : 0) | (b + 1 == nblocks ? B3T_CHUNK_END : 0) |
                     (root && b + 1 == nblocks ? B3T_ROOT : 0);
    b3t_compress(cv, block, counter, (uint32_t)n, flags);
  }
  b3t_store_cv(cv, out);
}

static void b3t_parent_cv(const uint8_t *pair, uint32_t flags, uint8_t out[32]) {
  uint32_t cv[8];
  memcpy(cv, B3T_IV, sizeof cv);
  b3t_compress(cv, pair, 0, B3T_BLOCK_LEN, B3T_PARENT | flags);
  b3t_store_cv(cv, out);
}

// ---- hash_many: n inputs of `blocks` full blocks each -------------------------------------------

typedef void (*b3t_many_fn)(const uint8_t *in, size_t stride, size_t blocks, uint64_t counter,
                            uint64_t counter_step, uint8_t flags, uint8_t flags_start,
                            uint8_t flags_end, uint8_t *out);

// One input at a time: the fallback for leftovers narrower than the vector width.
static void b3t_hash_one(const uint8_t *in, size_t blocks, uint64_t counter, uint8_t flags,
                         uint8_t flags_start, uint8_t flags_end, uint8_t *out) {
  uint32_t cv[8];
  memcpy(cv, B3T_IV, sizeof cv);
  for (size_t b = 0; b < blocks; b++) {
    uint32_t f = flags | (b == 0 ? flags_start : 0) | (b + 1 == blocks ? flags_end : 0);
    b3t_compress(cv, in + b * B3T_BLOCK_LEN, counter, B3T_BLOCK_LEN, f);
  }
  b3t_store_cv(cv, out);
}

// The vector instances: GCC only (lanes.h uses GCC's __builtin_shuffle; Clang spells it
// differently and would get the portable code, correct but ~5x slower), little-endian only
// (lanes.h loads message words with plain vector loads). setup.sh installs GCC.
#if defined(__GNUC__) && !defined(__clang__) && defined(__BYTE_ORDER__) &&                         \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define B3T_HAVE_VEC 1

// 4 lanes with the target's baseline vectors: SSE2 on x86-64, NEON on aarch64.
#define LANES 4
#define SFX vec4
#define TGT
#include "lanes.h"
#undef LANES
#undef SFX
#undef TGT

#if defined(__x86_64__) || defined(__i386__)
// Wider instances compiled for instruction sets the baseline lacks (target attributes, not
// -march flags, so the rest of the addon runs on any x86-64) and chosen at run time from CPUID
// (__builtin_cpu_supports, which also checks that the OS saves the wide registers).
#define B3T_HAVE_X86 1
#define LANES 8
#define SFX avx2
#define TGT __attribute__((target("avx2")))
#define B3T_BYTE_ROT 1
#include "lanes.h"
#undef B3T_BYTE_ROT
#undef LANES
#undef SFX
#undef TGT

#define LANES 16
#define SFX avx512
#define TGT __attribute__((target("avx512f,avx512vl")))
#include "lanes.h"
#undef LANES
#undef SFX
#undef TGT
#endif
#endif

typedef struct {
  const char *name;
  int lanes;
  b3t_many_fn fn;
} b3t_variant;

static const b3t_variant b3t_variants[] = {
#ifdef B3T_HAVE_X86
    {"avx512", 16, hash_many_avx512},
    {"avx2", 8, hash_many_avx2},
#endif
#ifdef B3T_HAVE_VEC
    {"vec4", 4, hash_many_vec4},
#endif
    {"portable", 1, NULL},
};
#define B3T_NVARIANTS (sizeof b3t_variants / sizeof b3t_variants[0])

static int b3t_usable(const b3t_variant *v) {
#ifdef B3T_HAVE_X86
  if (strcmp(v->name, "avx512") == 0)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  if (strcmp(v->name, "avx2") == 0) return __builtin_cpu_supports("avx2");
#endif
  (void)v;
  return 1;
}

// The chosen variant, widest usable first. Set once (lazily, or by b3t_select); the addon runs
// on the JS thread only, so no locking.
static const b3t_variant *b3t_active;

static const b3t_variant *b3t_get(void) {
  if (!b3t_active) {
#ifdef B3T_HAVE_X86
    __builtin_cpu_init(); // harmless if libgcc's constructor already ran
#endif
    for (size_t i = 0; i < B3T_NVARIANTS && !b3t_active; i++)
      if (b3t_usable(&b3t_variants[i])) b3t_active = &b3t_variants[i];
  }
  return b3t_active;
}

const char *b3t_selected(void) { return b3t_get()->name; }

int b3t_select(const char *name) {
  for (size_t i = 0; i < B3T_NVARIANTS; i++)
    if (strcmp(b3t_variants[i].name, name) == 0 && b3t_usable(&b3t_variants[i])) {
      b3t_active = &b3t_variants[i];
      return 1;
    }
  return 0;
}

int b3t_available(const char **names, int max) {
  int n = 0;
  for (size_t i = 0; i < B3T_NVARIANTS && n < max; i++)
    if (b3t_usable(&b3t_variants[i])) names[n++] = b3t_variants[i].name;
  return n;
}

// n inputs at in + i * stride, each `blocks` full blocks; CVs to out (32 bytes each). Wider
// variants take what they can, narrower ones the rest, then one at a time.
static void b3t_hash_many(const uint8_t *in, size_t n, size_t stride, size_t blocks,
                          uint64_t counter, uint64_t counter_step, uint8_t flags,
                          uint8_t flags_start, uint8_t flags_end, uint8_t *out) {
  const b3t_variant *v = b3t_get();
  for (const b3t_variant *w = v; w < b3t_variants + B3T_NVARIANTS && w->fn; w++) {
    if (w != v && !b3t_usable(w)) continue;
    while (n >= (size_t)w->lanes) {
      w->fn(in, stride, blocks, counter, counter_step, flags, flags_start, flags_end, out);
      in += (size_t)w->lanes * stride;
      counter += (uint64_t)w->lanes * counter_step;
      out += (size_t)w->lanes * 32;
      n -= (size_t)w->lanes;
    }
  }
  for (; n > 0; n--, in += stride, counter += counter_step, out += 32)
    b3t_hash_one(in, blocks, counter, flags, flags_start, flags_end, out);
}

// ---- the tree -----------------------------------------------------------------------------------

void b3t_parents(const uint8_t *cvs, size_t n, uint8_t *out) {
  b3t_hash_many(cvs, n, 2 * B3T_OUT_LEN, 1, 0, 0, B3T_PARENT, 0, 0, out);
}

void b3t_parent_root(const uint8_t left[32], const uint8_t right[32], uint8_t out[32]) {
  uint8_t pair[64];
  memcpy(pair, left, 32);
  memcpy(pair + 32, right, 32);
  b3t_parent_cv(pair, B3T_ROOT, out);
}

// CVs of the chunks of up to one group (len <= 16384, >= 1, or 0 for the empty blob); returns
// how many.
static size_t b3t_chunk_cvs(const uint8_t *data, size_t len, uint64_t counter, int root_if_one,
                            uint8_t cvs[B3T_GROUP_CHUNKS * 32]) {
  size_t full = len / B3T_CHUNK_LEN, rest = len % B3T_CHUNK_LEN;
  size_t n = full + (rest > 0 || len == 0);
  if (n == 1) { // a lone chunk is hashed as it is (full, partial or empty)
    b3t_chunk_cv(data, len, counter, root_if_one, cvs);
    return 1;
  }
  b3t_hash_many(data, full, B3T_CHUNK_LEN, B3T_CHUNK_LEN / B3T_BLOCK_LEN, counter, 1, 0,
                B3T_CHUNK_START, B3T_CHUNK_END, cvs);
  if (rest) b3t_chunk_cv(data + full * B3T_CHUNK_LEN, rest, counter + full, 0, cvs + full * 32);
  return n;
}

// Reduces n >= 2 CVs in place to 2 by pairing neighbours left to right and carrying an odd last
// node up unchanged: this is BLAKE3's left-complete tree, built bottom up.
static void b3t_reduce_to_two(uint8_t *cvs, size_t n) {
  uint8_t tmp[B3T_GROUP_CHUNKS / 2 * 32];
  while (n > 2) {
    size_t pairs = n / 2;
    b3t_parents(cvs, pairs, tmp);
    if (n & 1) memmove(cvs + pairs * 32, cvs + (n - 1) * 32, 32);
    memcpy(cvs, tmp, pairs * 32);
    n = pairs + (n & 1);
  }
}

// CV of a partial group (1 <= len <= 16384) whose first chunk has number `counter`.
static void b3t_partial_group_cv(const uint8_t *data, size_t len, uint64_t counter,
                                 uint8_t out[32]) {
  uint8_t cvs[B3T_GROUP_CHUNKS * 32];
  size_t n = b3t_chunk_cvs(data, len, counter, 0, cvs);
  if (n == 1) {
    memcpy(out, cvs, 32);
    return;
  }
  b3t_reduce_to_two(cvs, n);
  b3t_parent_cv(cvs, 0, out);
}

void b3t_hash_root(const uint8_t *data, size_t len, uint8_t out[32]) {
  uint8_t cvs[B3T_GROUP_CHUNKS * 32];
  size_t n = b3t_chunk_cvs(data, len, 0, 1, cvs);
  if (n == 1) {
    memcpy(out, cvs, 32);
    return;
  }
  b3t_reduce_to_two(cvs, n);
  b3t_parent_cv(cvs, B3T_ROOT, out);
}

// Full groups go in batches: all chunk CVs of up to 16 groups (256 KiB of input, 8 KiB of CVs),
// then the four parent levels of each group, batch-wide, so that even the top levels fill the
// vector lanes (16 groups -> 16 top parents = one 16-lane call).
#define B3T_BATCH_GROUPS 16

void b3t_group_cvs(const uint8_t *data, size_t len, uint64_t first_group, uint8_t *out) {
  _Static_assert(B3T_GROUP_CHUNKS == 16, "four parent levels per group");
  uint8_t a[B3T_BATCH_GROUPS * B3T_GROUP_CHUNKS * 32], b[B3T_BATCH_GROUPS * B3T_GROUP_CHUNKS / 2 * 32];
  size_t full = len / B3T_GROUP_LEN;
  uint64_t chunk = first_group * B3T_GROUP_CHUNKS;
  while (full > 0) {
    size_t g = full < B3T_BATCH_GROUPS ? full : B3T_BATCH_GROUPS;
    size_t chunks = g * B3T_GROUP_CHUNKS;
    b3t_hash_many(data, chunks, B3T_CHUNK_LEN, B3T_CHUNK_LEN / B3T_BLOCK_LEN, chunk, 1, 0,
                  B3T_CHUNK_START, B3T_CHUNK_END, a);
    b3t_parents(a, chunks / 2, b); // 8 per group
    b3t_parents(b, chunks / 4, a); // 4
    b3t_parents(a, chunks / 8, b); // 2
    b3t_parents(b, chunks / 16, out); // 1: the group CV
    data += g * B3T_GROUP_LEN;
    chunk += chunks;
    out += g * 32;
    full -= g;
  }
  size_t rest = len % B3T_GROUP_LEN;
  if (rest) b3t_partial_group_cv(data, rest, chunk, out);
}
