// Multi-lane BLAKE3 compression: LANES independent inputs (chunks, or parent nodes) hashed side
// by side, one input per vector lane, the way the BLAKE3 paper's "hash_many" parallelism works.
// Written once with GCC/Clang vector extensions and included once per width by blake3_tree.c,
// which defines before each inclusion:
//   LANES  4, 8 or 16
//   SFX    a name suffix for this instance
//   TGT    a function attribute (e.g. __attribute__((target("avx2")))) or nothing
// Vector extensions instead of intrinsics: the same source yields SSE2 (x86-64 baseline), NEON
// (aarch64), AVX2 and AVX-512 code; the compiler picks the instructions (AVX-512's vprold for the
// rotations, unpack/permute instructions for the transposes below).

#define B3T_CAT_(a, b) a##_##b
#define B3T_CAT(a, b) B3T_CAT_(a, b)
#define L(name) B3T_CAT(name, SFX)

// vu: for loads from the caller's bytes (any alignment, and may alias them); va: registers.
typedef uint32_t L(vu) __attribute__((vector_size(LANES * 4), aligned(4), may_alias));
typedef int32_t L(vi) __attribute__((vector_size(LANES * 4)));
typedef uint32_t L(va) __attribute__((vector_size(LANES * 4)));

// Shuffle masks for the block-swap transpose (see transpose below), as constant initializers.
#define B3T_TLO(h, k) (((k) & (h)) ? LANES + (k) - (h) : (k))
#define B3T_THI(h, k) (((k) & (h)) ? LANES + (k) : (k) + (h))
#if LANES == 4
#define B3T_IDX(F, h) {F(h, 0), F(h, 1), F(h, 2), F(h, 3)}
#elif LANES == 8
#define B3T_IDX(F, h) {F(h, 0), F(h, 1), F(h, 2), F(h, 3), F(h, 4), F(h, 5), F(h, 6), F(h, 7)}
#elif LANES == 16
#define B3T_IDX(F, h)                                                                              \
  {F(h, 0), F(h, 1), F(h, 2),  F(h, 3),  F(h, 4),  F(h, 5),  F(h, 6),  F(h, 7),                    \
   F(h, 8), F(h, 9), F(h, 10), F(h, 11), F(h, 12), F(h, 13), F(h, 14), F(h, 15)}
#else
#error "LANES must be 4, 8 or 16"
#endif

// One stage of an in-register LANES x LANES transpose: rows i and i+h (bit h of i clear) swap
// the h x h blocks off the diagonal. After the stages h = LANES/2 ... 1, row w holds column w.
#define B3T_STAGE(r, h)                                                                            \
  do {                                                                                             \
    const L(vi) lo = B3T_IDX(B3T_TLO, h), hi = B3T_IDX(B3T_THI, h);                                \
    for (int i = 0; i < LANES; i++) {                                                              \
      if (i & (h)) continue;                                                                       \
      L(va) a = r[i], b = r[i + (h)];                                                              \
      r[i] = __builtin_shuffle(a, b, lo);                                                          \
      r[i + (h)] = __builtin_shuffle(a, b, hi);                                                    \
    }                                                                                              \
  } while (0)

static inline TGT void L(transpose)(L(va) r[LANES]) {
#if LANES >= 16
  B3T_STAGE(r, 8);
#endif
#if LANES >= 8
  B3T_STAGE(r, 4);
#endif
  B3T_STAGE(r, 2);
  B3T_STAGE(r, 1);
}

// Loads block `block` of each of the LANES inputs (input i starts at in + i * stride) and
// transposes, so that m[w] holds message word w of every lane. Little-endian only (the build
// enables this file only there): a vector load is then the word load of the spec.
static inline TGT void L(load_msg)(const uint8_t *in, size_t stride, size_t block, L(va) m[16]) {
  for (int g = 0; g < 16 / LANES; g++) {
    L(va) r[LANES];
    for (int i = 0; i < LANES; i++)
      r[i] = *(const L(vu) *)(in + (size_t)i * stride + block * B3T_BLOCK_LEN + (size_t)g * LANES * 4);
    L(transpose)(r);
    for (int w = 0; w < LANES; w++) m[g * LANES + w] = r[w];
  }
}

#if defined(B3T_BYTE_ROT)
// Rotations by 16 and 8 are byte moves within each 32-bit word: one byte shuffle (vpshufb)
// instead of shift, shift, or. Only where a byte shuffle instruction exists (AVX2); AVX-512 has a
// real rotate (vprord), which the compiler emits for the generic form.
typedef uint8_t L(vb) __attribute__((vector_size(LANES * 4)));
typedef int8_t L(vbi) __attribute__((vector_size(LANES * 4)));
#define B3T_R16(k) ((k) & ~3) | (((k) + 2) & 3)
#define B3T_R8(k) ((k) & ~3) | (((k) + 1) & 3)
#define B3T_B8(F, o) F(o + 0), F(o + 1), F(o + 2), F(o + 3), F(o + 4), F(o + 5), F(o + 6), F(o + 7)
#if LANES == 8
#define B3T_BYTES(F) {B3T_B8(F, 0), B3T_B8(F, 8), B3T_B8(F, 16), B3T_B8(F, 24)}
#else
#error "B3T_BYTE_ROT is meant for 8 lanes"
#endif
static inline TGT L(va) L(rot16)(L(va) x) {
  const L(vbi) mask = B3T_BYTES(B3T_R16);
  return (L(va))__builtin_shuffle((L(vb))x, (L(vb))mask);
}
static inline TGT L(va) L(rot8)(L(va) x) {
  const L(vbi) mask = B3T_BYTES(B3T_R8);
  return (L(va))__builtin_shuffle((L(vb))x, (L(vb))mask);
}
#define B3T_ROTR(x, n)                                                                             \
  ((n) == 16 ? L(rot16)(x) : (n) == 8 ? L(rot8)(x) : (((x) >> (n)) | ((x) << (32 - (n)))))
#else
#define B3T_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#endif
#define B3T_G(a, b, c, d, x, y)                                                                    \
  do {                                                                                             \
    v[a] = v[a] + v[b] + (x);                                                                      \
    v[d] = B3T_ROTR(v[d] ^ v[a], 16);                                                              \
    v[c] = v[c] + v[d];                                                                            \
    v[b] = B3T_ROTR(v[b] ^ v[c], 12);                                                              \
    v[a] = v[a] + v[b] + (y);                                                                      \
    v[d] = B3T_ROTR(v[d] ^ v[a], 8);                                                               \
    v[c] = v[c] + v[d];                                                                            \
    v[b] = B3T_ROTR(v[b] ^ v[c], 7);                                                               \
  } while (0)
#define B3T_ROUND(r)                                                                               \
  do {                                                                                             \
    const uint8_t *s = B3T_SCHEDULE[r];                                                            \
    B3T_G(0, 4, 8, 12, m[s[0]], m[s[1]]);                                                          \
    B3T_G(1, 5, 9, 13, m[s[2]], m[s[3]]);                                                          \
    B3T_G(2, 6, 10, 14, m[s[4]], m[s[5]]);                                                         \
    B3T_G(3, 7, 11, 15, m[s[6]], m[s[7]]);                                                         \
    B3T_G(0, 5, 10, 15, m[s[8]], m[s[9]]);                                                         \
    B3T_G(1, 6, 11, 12, m[s[10]], m[s[11]]);                                                       \
    B3T_G(2, 7, 8, 13, m[s[12]], m[s[13]]);                                                        \
    B3T_G(3, 4, 9, 14, m[s[14]], m[s[15]]);                                                        \
  } while (0)

// Hashes LANES inputs of `blocks` full 64-byte blocks each (input i at in + i * stride), all
// starting from the IV (hash mode, no key). Input i uses counter + i * counter_step; flags on
// every block, flags_start on the first, flags_end on the last. Writes LANES CVs to out.
static TGT void L(hash_many)(const uint8_t *in, size_t stride, size_t blocks, uint64_t counter,
                             uint64_t counter_step, uint8_t flags, uint8_t flags_start,
                             uint8_t flags_end, uint8_t *out) {
  L(va) h[8], m[16], v[16];
  L(va) ctr_lo, ctr_hi;
  for (int i = 0; i < LANES; i++) {
    uint64_t c = counter + (uint64_t)i * counter_step;
    ctr_lo[i] = (uint32_t)c;
    ctr_hi[i] = (uint32_t)(c >> 32);
  }
  for (int w = 0; w < 8; w++) h[w] = (L(va)){0} + B3T_IV[w];
  for (size_t b = 0; b < blocks; b++) {
    uint32_t f = flags | (b == 0 ? flags_start : 0) | (b + 1 == blocks ? flags_end : 0);
    L(load_msg)(in, stride, b, m);
    for (int w = 0; w < 8; w++) v[w] = h[w];
    for (int w = 0; w < 4; w++) v[8 + w] = (L(va)){0} + B3T_IV[w];
    v[12] = ctr_lo;
    v[13] = ctr_hi;
    v[14] = (L(va)){0} + (uint32_t)B3T_BLOCK_LEN;
    v[15] = (L(va)){0} + f;
    B3T_ROUND(0);
    B3T_ROUND(1);
    B3T_ROUND(2);
    B3T_ROUND(3);
    B3T_ROUND(4);
    B3T_ROUND(5);
    B3T_ROUND(6);
    for (int w = 0; w < 8; w++) h[w] = v[w] ^ v[w + 8];
  }
  // Once per input, so a scalar transpose back to "32 bytes per input" costs nothing measurable.
  uint32_t words[8][LANES];
  for (int w = 0; w < 8; w++) memcpy(words[w], &h[w], sizeof words[w]);
  for (int i = 0; i < LANES; i++)
    for (int w = 0; w < 8; w++) memcpy(out + (size_t)i * 32 + (size_t)w * 4, &words[w][i], 4);
}

#undef B3T_IDX
#undef B3T_TLO
#undef B3T_THI
#undef B3T_STAGE
#undef B3T_ROTR
#undef B3T_R16
#undef B3T_R8
#undef B3T_B8
#undef B3T_BYTES
#undef B3T_G
#undef B3T_ROUND
#undef L
#undef B3T_CAT
#undef B3T_CAT_
