// N-API binding of blake3_tree.c. Inputs are Uint8Arrays (Buffers included), outputs fresh
// Uint8Arrays (not Buffers, so they compare equal to the TypeScript reference's results).
// Everything runs synchronously on the calling thread: callers hash a blob's pieces as they
// stream, in pieces small enough not to stall the event loop.
#define NAPI_VERSION 8
#include <node_api.h>
#include <string.h>

#include "blake3_tree.h"

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) return throw_last(env);                                                 \
  } while (0)

static napi_value throw_last(napi_env env) {
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending)
    napi_throw_error(env, NULL, info && info->error_message ? info->error_message : "N-API call failed");
  return NULL;
}

static napi_value type_error(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return NULL;
}

static napi_value range_error(napi_env env, const char *msg) {
  napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
  return NULL;
}

// Bytes of a Uint8Array argument; false (with a TypeError thrown) for anything else.
static bool get_bytes(napi_env env, napi_value v, const char *what, const uint8_t **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) {
    type_error(env, what);
    return false;
  }
  napi_typedarray_type type;
  void *p = NULL;
  if (napi_get_typedarray_info(env, v, &type, len, &p, NULL, NULL) != napi_ok ||
      (type != napi_uint8_array && type != napi_uint8_clamped_array)) {
    type_error(env, what);
    return false;
  }
  // A zero-length view may report a NULL pointer; the C code never reads it then.
  static const uint8_t empty[1];
  *data = p ? (const uint8_t *)p : empty;
  return true;
}

static napi_value new_bytes(napi_env env, size_t len, uint8_t **data) {
  napi_value ab, ta;
  void *p = NULL;
  if (napi_create_arraybuffer(env, len, &p, &ab) != napi_ok) return throw_last(env);
  if (napi_create_typedarray(env, napi_uint8_array, len, ab, 0, &ta) != napi_ok) return throw_last(env);
  *data = (uint8_t *)p;
  return ta;
}

// groupCVs(data: Uint8Array, firstGroup: number): Uint8Array
static napi_value js_group_cvs(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const uint8_t *data;
  size_t len;
  if (argc < 2) return type_error(env, "groupCVs(data, firstGroup) takes two arguments");
  if (!get_bytes(env, argv[0], "groupCVs: data must be a Uint8Array", &data, &len)) return NULL;
  double first;
  if (napi_get_value_double(env, argv[1], &first) != napi_ok)
    return type_error(env, "groupCVs: firstGroup must be a number");
  // Group numbers times 16 are chunk counters (64-bit); 2^53 keeps the double exact.
  if (!(first >= 0 && first <= 9007199254740991.0) || first != (double)(uint64_t)first)
    return range_error(env, "groupCVs: firstGroup must be a non-negative safe integer");
  size_t groups = len / B3T_GROUP_LEN + (len % B3T_GROUP_LEN != 0);
  uint8_t *out;
  napi_value result = new_bytes(env, groups * 32, &out);
  if (!result) return NULL;
  b3t_group_cvs(data, len, (uint64_t)first, out);
  return result;
}

// parents(cvs: Uint8Array): Uint8Array — 2k CVs in, k parent CVs out.
static napi_value js_parents(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const uint8_t *cvs;
  size_t len;
  if (argc < 1) return type_error(env, "parents: cvs must be a Uint8Array");
  if (!get_bytes(env, argv[0], "parents: cvs must be a Uint8Array", &cvs, &len)) return NULL;
  if (len % 64 != 0) return range_error(env, "parents: cvs must hold an even number of 32-byte CVs");
  uint8_t *out;
  napi_value result = new_bytes(env, len / 2, &out);
  if (!result) return NULL;
  b3t_parents(cvs, len / 64, out);
  return result;
}

// parentRoot(left: Uint8Array(32), right: Uint8Array(32)): Uint8Array(32)
static napi_value js_parent_root(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const uint8_t *l, *r;
  size_t ll, rl;
  if (argc < 2) return type_error(env, "parentRoot(left, right) takes two CVs");
  if (!get_bytes(env, argv[0], "parentRoot: left must be a Uint8Array", &l, &ll)) return NULL;
  if (!get_bytes(env, argv[1], "parentRoot: right must be a Uint8Array", &r, &rl)) return NULL;
  if (ll != 32 || rl != 32) return range_error(env, "parentRoot: CVs are 32 bytes");
  uint8_t *out;
  napi_value result = new_bytes(env, 32, &out);
  if (!result) return NULL;
  b3t_parent_root(l, r, out);
  return result;
}

// hashRoot(data: Uint8Array): Uint8Array(32), data.length <= 16384
static napi_value js_hash_root(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const uint8_t *data;
  size_t len;
  if (argc < 1) return type_error(env, "hashRoot: data must be a Uint8Array");
  if (!get_bytes(env, argv[0], "hashRoot: data must be a Uint8Array", &data, &len)) return NULL;
  if (len > B3T_GROUP_LEN) return range_error(env, "hashRoot: data must be at most 16384 bytes");
  uint8_t *out;
  napi_value result = new_bytes(env, 32, &out);
  if (!result) return NULL;
  b3t_hash_root(data, len, out);
  return result;
}

// simd(): string — the variant in use; simd(name) selects one (benchmarks and tests run each);
// simdAvailable(): string[] — the variants this CPU can run, widest first.
static napi_value js_simd(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_valuetype t = napi_undefined;
  if (argc >= 1) CHECK(napi_typeof(env, argv[0], &t));
  if (t == napi_string) {
    char name[32];
    size_t n;
    CHECK(napi_get_value_string_utf8(env, argv[0], name, sizeof name, &n));
    if (!b3t_select(name)) return range_error(env, "simd: variant not available on this CPU");
  } else if (t != napi_undefined) {
    return type_error(env, "simd: name must be a string");
  }
  napi_value s;
  CHECK(napi_create_string_utf8(env, b3t_selected(), NAPI_AUTO_LENGTH, &s));
  return s;
}

static napi_value js_simd_available(napi_env env, napi_callback_info info) {
  (void)info;
  const char *names[8];
  int n = b3t_available(names, 8);
  napi_value arr;
  CHECK(napi_create_array_with_length(env, (size_t)n, &arr));
  for (int i = 0; i < n; i++) {
    napi_value s;
    CHECK(napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &s));
    CHECK(napi_set_element(env, arr, (uint32_t)i, s));
  }
  return arr;
}

// FastCDC's hot loop, for @castore/core's chunker (fastcdc.ts keeps every rule of the cut; this
// only rolls the gear hash). gearInit(table: Int32Array(256)) sets the gear table once;
// gearScan(data, from, to, hash, mask, out: Int32Array(1)) rolls the low 32 bits of the hash over
// data[from, to) and returns the first index whose hash has no bit of `mask` set (or `to`),
// leaving the hash after the last byte rolled in out[0] — exactly fastcdc.ts's scan().
static uint32_t gear[256];
static bool gear_ready = false;

static bool get_int32s(napi_env env, napi_value v, size_t want, int32_t **out) {
  bool is_ta = false;
  napi_typedarray_type type;
  size_t len = 0;
  void *p = NULL;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta || napi_get_typedarray_info(env, v, &type, &len, &p, NULL, NULL) != napi_ok ||
      type != napi_int32_array || len < want) {
    type_error(env, "expected an Int32Array of the right length");
    return false;
  }
  *out = (int32_t *)p;
  return true;
}

static napi_value js_gear_init(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t *table;
  if (argc < 1 || !get_int32s(env, argv[0], 256, &table)) return NULL;
  for (int i = 0; i < 256; i++) gear[i] = (uint32_t)table[i];
  gear_ready = true;
  return NULL;
}

static napi_value js_gear_scan(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) return type_error(env, "gearScan(data, from, to, hash, mask, out)");
  if (!gear_ready) return range_error(env, "gearScan before gearInit");
  const uint8_t *data;
  size_t len;
  if (!get_bytes(env, argv[0], "data must be a Uint8Array", &data, &len)) return NULL;
  double from_d, to_d;
  int32_t hash_i, mask_i;
  CHECK(napi_get_value_double(env, argv[1], &from_d));
  CHECK(napi_get_value_double(env, argv[2], &to_d));
  CHECK(napi_get_value_int32(env, argv[3], &hash_i));
  CHECK(napi_get_value_int32(env, argv[4], &mask_i));
  int32_t *out;
  if (!get_int32s(env, argv[5], 1, &out)) return NULL;
  if (!(from_d >= 0 && to_d >= from_d && to_d <= (double)len)) return range_error(env, "gearScan: from/to outside data");
  size_t i = (size_t)from_d, to = (size_t)to_d;
  uint32_t h = (uint32_t)hash_i, m = (uint32_t)mask_i;
  for (; i < to; i++) {
    h = (h << 1) + gear[data[i]];
    if ((h & m) == 0) break;
  }
  out[0] = (int32_t)h;
  napi_value r;
  CHECK(napi_create_double(env, (double)i, &r));
  return r;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_property_descriptor props[] = {
      {"groupCVs", NULL, js_group_cvs, NULL, NULL, NULL, napi_enumerable, NULL},
      {"parents", NULL, js_parents, NULL, NULL, NULL, napi_enumerable, NULL},
      {"parentRoot", NULL, js_parent_root, NULL, NULL, NULL, napi_enumerable, NULL},
      {"hashRoot", NULL, js_hash_root, NULL, NULL, NULL, napi_enumerable, NULL},
      {"simd", NULL, js_simd, NULL, NULL, NULL, napi_enumerable, NULL},
      {"simdAvailable", NULL, js_simd_available, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gearInit", NULL, js_gear_init, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gearScan", NULL, js_gear_scan, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}
