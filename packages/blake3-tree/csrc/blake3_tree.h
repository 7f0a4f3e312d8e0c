// BLAKE3 tree hashing over 16 KiB chunk groups, written from the BLAKE3 specification.
// Plain C, no Node dependency, so the core can be compiled and timed on its own.
#ifndef CASTORE_BLAKE3_TREE_H
#define CASTORE_BLAKE3_TREE_H

#include <stddef.h>
#include <stdint.h>

#define B3T_BLOCK_LEN 64
#define B3T_CHUNK_LEN 1024
#define B3T_GROUP_CHUNKS 16
#define B3T_GROUP_LEN (B3T_CHUNK_LEN * B3T_GROUP_CHUNKS)
#define B3T_OUT_LEN 32

enum {
  B3T_CHUNK_START = 1 << 0,
  B3T_CHUNK_END = 1 << 1,
  B3T_PARENT = 1 << 2,
  B3T_ROOT = 1 << 3,
};

// Chaining values (not root-finalized) of the ceil(len / 16384) chunk groups of data, the first
// being group number first_group of the blob. A trailing partial group (len % 16384 != 0) gets the
// CV of its left-complete subtree of chunks. out receives 32 bytes per group.
void b3t_group_cvs(const uint8_t *data, size_t len, uint64_t first_group, uint8_t *out);

// n parent CVs from 2n concatenated CVs (in and out may not overlap).
void b3t_parents(const uint8_t *cvs, size_t n, uint8_t *out);

// BLAKE3 root of a parent node: compress(left || right) with PARENT | ROOT.
void b3t_parent_root(const uint8_t left[32], const uint8_t right[32], uint8_t out[32]);

// The ordinary BLAKE3 hash of len <= 16384 bytes.
void b3t_hash_root(const uint8_t *data, size_t len, uint8_t out[32]);

// SIMD variants compiled into this build and the one in use. Names: "portable" (one block at a
// time), "vec4", "avx2" (8 lanes), "avx512" (16 lanes). b3t_select returns 0 if the name is not
// available on this CPU, so benchmarks and tests can run every variant.
const char *b3t_selected(void);
int b3t_select(const char *name);
// Writes the names of the variants usable on this CPU into names (up to max); returns the count.
int b3t_available(const char **names, int max);

#endif
