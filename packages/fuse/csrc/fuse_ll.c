// A small N-API binding over libfuse3's low-level API: names reach JavaScript as bytes (Buffers),
// never as strings, so entries whose names are not UTF-8 pass through unchanged.
//
// Threads: libfuse's session loop runs on a thread of its own and does nothing but hand each
// request to the JavaScript thread (a thread-safe function, never blocking). JavaScript answers
// with the reply functions below, later and in any order: libfuse's reply functions may be called
// from any thread, and each request stays valid until it is answered. Forgets need no answer and
// are acknowledged here. When the loop ends (unmounted from here or from outside), an "exit" call
// reaches JavaScript, which then joins the thread and frees the session (close()).
#define NAPI_VERSION 8
#define FUSE_USE_VERSION 34
#include <errno.h>
#include <fuse_lowlevel.h>
#include <node_api.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
  OP_LOOKUP = 1,
  OP_FORGET = 2,
  OP_GETATTR = 3,
  OP_READLINK = 4,
  OP_OPEN = 5,
  OP_READ = 6,
  OP_RELEASE = 7,
  OP_OPENDIR = 8,
  OP_READDIR = 9,
  OP_RELEASEDIR = 10,
  OP_STATFS = 11,
  OP_GETXATTR = 12,
  OP_LISTXATTR = 13,
  OP_EXIT = 14,
};

typedef struct Mount {
  struct fuse_session *se;
  pthread_t thread;
  napi_threadsafe_function tsfn;
  int thread_started;
  // Set on the JavaScript thread once the loop has ended and the session is gone: answers to
  // requests still open then are dropped (their memory went with the session).
  int closed;
  int loop_result;
} Mount;

typedef struct Call {
  int op;
  fuse_req_t req;  // NULL for forget and exit
  uint64_t ino;
  uint64_t fh;
  double a;  // read: offset; readdir: offset; forget: nlookup; loop result for exit
  double b;  // read/readdir/xattr: size
  size_t namelen;
  char name[];  // lookup: the entry name; getxattr: the attribute name (no terminating NUL counted)
} Call;

static Call *new_call(int op, fuse_req_t req, uint64_t ino, const char *name, size_t namelen) {
  Call *c = malloc(sizeof(Call) + namelen + 1);
  if (!c) return NULL;
  c->op = op;
  c->req = req;
  c->ino = ino;
  c->fh = 0;
  c->a = 0;
  c->b = 0;
  c->namelen = namelen;
  if (namelen) memcpy(c->name, name, namelen);
  c->name[namelen] = 0;
  return c;
}

// Hands a call to the JavaScript thread (c is never NULL here).
static void post(Mount *m, Call *c) {
  if (napi_call_threadsafe_function(m->tsfn, c, napi_tsfn_nonblocking) != napi_ok) {
    if (c->req) fuse_reply_err(c->req, EIO);
    free(c);
  }
}

static void post_req(fuse_req_t req, Call *c) {
  if (!c) {
    fuse_reply_err(req, ENOMEM);
    return;
  }
  post((Mount *)fuse_req_userdata(req), c);
}

static void ll_init(void *userdata, struct fuse_conn_info *conn) {
  (void)userdata;
  // Read-only, immutable content: symlink targets may be cached by the kernel too.
  if (conn->capable & FUSE_CAP_CACHE_SYMLINKS) conn->want |= FUSE_CAP_CACHE_SYMLINKS;
  if (conn->capable & FUSE_CAP_ASYNC_READ) conn->want |= FUSE_CAP_ASYNC_READ;
  // As much kernel read-ahead as the kernel allows (it caps this at what it offered).
  conn->max_readahead = 1 << 20;
}

static void ll_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
  post_req(req, new_call(OP_LOOKUP, req, parent, name, strlen(name)));
}

static void ll_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup) {
  Mount *m = fuse_req_userdata(req);
  fuse_reply_none(req);
  Call *c = new_call(OP_FORGET, NULL, ino, NULL, 0);
  if (!c) return;
  c->a = (double)nlookup;
  post(m, c);
}

static void ll_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets) {
  Mount *m = fuse_req_userdata(req);
  for (size_t i = 0; i < count; i++) {
    Call *c = new_call(OP_FORGET, NULL, forgets[i].ino, NULL, 0);
    if (!c) continue;
    c->a = (double)forgets[i].nlookup;
    post(m, c);
  }
  fuse_reply_none(req);
}

static void ll_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  (void)fi;
  post_req(req, new_call(OP_GETATTR, req, ino, NULL, 0));
}

static void ll_readlink(fuse_req_t req, fuse_ino_t ino) { post_req(req, new_call(OP_READLINK, req, ino, NULL, 0)); }

static void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  if ((fi->flags & O_ACCMODE) != O_RDONLY) {
    fuse_reply_err(req, EROFS);
    return;
  }
  post_req(req, new_call(OP_OPEN, req, ino, NULL, 0));
}

static void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
  Call *c = new_call(OP_READ, req, ino, NULL, 0);
  if (c) {
    c->fh = fi->fh;
    c->a = (double)off;
    c->b = (double)size;
  }
  post_req(req, c);
}

static void ll_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  Mount *m = fuse_req_userdata(req);
  fuse_reply_err(req, 0);
  Call *c = new_call(OP_RELEASE, NULL, ino, NULL, 0);
  if (!c) return;
  c->fh = fi->fh;
  post(m, c);
}

static void ll_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  (void)fi;
  post_req(req, new_call(OP_OPENDIR, req, ino, NULL, 0));
}

static void ll_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
  Call *c = new_call(OP_READDIR, req, ino, NULL, 0);
  if (c) {
    c->fh = fi->fh;
    c->a = (double)off;
    c->b = (double)size;
  }
  post_req(req, c);
}

static void ll_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  Mount *m = fuse_req_userdata(req);
  fuse_reply_err(req, 0);
  Call *c = new_call(OP_RELEASEDIR, NULL, ino, NULL, 0);
  if (!c) return;
  c->fh = fi->fh;
  post(m, c);
}

static void ll_statfs(fuse_req_t req, fuse_ino_t ino) {
  (void)ino;
  struct statvfs st;
  memset(&st, 0, sizeof st);
  st.f_bsize = 4096;
  st.f_frsize = 4096;
  st.f_namemax = 255;
  fuse_reply_statfs(req, &st);
}

static void ll_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size) {
  Call *c = new_call(OP_GETXATTR, req, ino, name, strlen(name));
  if (c) c->b = (double)size;
  post_req(req, c);
}

static void ll_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size) {
  Call *c = new_call(OP_LISTXATTR, req, ino, NULL, 0);
  if (c) c->b = (double)size;
  post_req(req, c);
}

static const struct fuse_lowlevel_ops ops = {
    .init = ll_init,
    .lookup = ll_lookup,
    .forget = ll_forget,
    .forget_multi = ll_forget_multi,
    .getattr = ll_getattr,
    .readlink = ll_readlink,
    .open = ll_open,
    .read = ll_read,
    .release = ll_release,
    .opendir = ll_opendir,
    .readdir = ll_readdir,
    .releasedir = ll_releasedir,
    .statfs = ll_statfs,
    .getxattr = ll_getxattr,
    .listxattr = ll_listxattr,
};

static void *loop_thread(void *arg) {
  Mount *m = arg;
  // Signals are Node's business: none is delivered to this thread.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  int r = fuse_session_loop(m->se);
  Call *c = new_call(OP_EXIT, NULL, 0, NULL, 0);
  if (c) {
    c->a = r;
    napi_call_threadsafe_function(m->tsfn, c, napi_tsfn_blocking);
  }
  napi_release_threadsafe_function(m->tsfn, napi_tsfn_release);
  return NULL;
}

// ---- JavaScript side ----

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) return throw_last(env);                                                 \
  } while (0)

static napi_value throw_last(napi_env env) {
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, info && info->error_message ? info->error_message : "N-API call failed");
  return NULL;
}

static napi_value undef(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// Calls the dispatcher: (op, req, ino, fh, a, b, name).
static void call_js(napi_env env, napi_value js_cb, void *context, void *data) {
  (void)context;
  Call *c = data;
  if (env == NULL || js_cb == NULL) {
    if (c->req) fuse_reply_err(c->req, EIO);
    free(c);
    return;
  }
  napi_value argv[7], recv;
  napi_create_int32(env, c->op, &argv[0]);
  if (c->req)
    napi_create_external(env, c->req, NULL, NULL, &argv[1]);
  else
    napi_get_null(env, &argv[1]);
  napi_create_double(env, (double)c->ino, &argv[2]);
  napi_create_double(env, (double)c->fh, &argv[3]);
  napi_create_double(env, c->a, &argv[4]);
  napi_create_double(env, c->b, &argv[5]);
  if (c->op == OP_LOOKUP || c->op == OP_GETXATTR) {
    void *p;
    napi_create_buffer_copy(env, c->namelen, c->name, &p, &argv[6]);
  } else {
    napi_get_null(env, &argv[6]);
  }
  napi_get_undefined(env, &recv);
  free(c);
  napi_value result;
  // An exception thrown by the dispatcher surfaces as Node's uncaught exception.
  napi_call_function(env, recv, js_cb, 7, argv, &result);
}

static bool get_mount(napi_env env, napi_value v, Mount **m) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || !p) {
    napi_throw_type_error(env, NULL, "expected a mount handle");
    return false;
  }
  *m = p;
  return true;
}

// The request of a reply, or NULL (nothing thrown) when its session is already gone.
static bool get_req(napi_env env, napi_value v, fuse_req_t *req) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || !p) {
    napi_throw_type_error(env, NULL, "expected a request handle");
    return false;
  }
  Mount *m = fuse_req_userdata((fuse_req_t)p);
  *req = m->closed ? NULL : (fuse_req_t)p;
  return true;
}

static double num(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

static bool get_bytes(napi_env env, napi_value v, void **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) {
    napi_throw_type_error(env, NULL, "expected a Uint8Array");
    return false;
  }
  napi_typedarray_type type;
  if (napi_get_typedarray_info(env, v, &type, len, data, NULL, NULL) != napi_ok) return false;
  static char empty[1];
  if (!*data) *data = empty;
  return true;
}

// mount(mountpoint: string, options: string, dispatch: Function) -> handle
static napi_value js_mount(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char mountpoint[4096], options[4096];
  size_t len;
  CHECK(napi_get_value_string_utf8(env, argv[0], mountpoint, sizeof mountpoint, &len));
  CHECK(napi_get_value_string_utf8(env, argv[1], options, sizeof options, &len));

  Mount *m = calloc(1, sizeof(Mount));
  if (!m) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  char *args_v[] = {"castore", "-o", options, NULL};
  struct fuse_args args = FUSE_ARGS_INIT(3, args_v);
  m->se = fuse_session_new(&args, &ops, sizeof ops, m);
  if (!m->se) {
    free(m);
    napi_throw_error(env, "EFUSE", "fuse_session_new failed (bad mount options?)");
    return NULL;
  }
  if (fuse_session_mount(m->se, mountpoint) != 0) {
    fuse_session_destroy(m->se);
    free(m);
    napi_throw_error(env, "EFUSE", "mounting failed (is /dev/fuse there, and fusermount3 installed?)");
    return NULL;
  }
  napi_value name;
  CHECK(napi_create_string_utf8(env, "castore-fuse", NAPI_AUTO_LENGTH, &name));
  if (napi_create_threadsafe_function(env, argv[2], NULL, name, 0, 1, NULL, NULL, NULL, call_js, &m->tsfn) != napi_ok) {
    fuse_session_unmount(m->se);
    fuse_session_destroy(m->se);
    free(m);
    return throw_last(env);
  }
  if (pthread_create(&m->thread, NULL, loop_thread, m) != 0) {
    napi_release_threadsafe_function(m->tsfn, napi_tsfn_abort);
    fuse_session_unmount(m->se);
    fuse_session_destroy(m->se);
    free(m);
    napi_throw_error(env, NULL, "could not start the FUSE thread");
    return NULL;
  }
  m->thread_started = 1;
  napi_value handle;
  // Never freed: late answers to requests of a closed mount still look at it.
  CHECK(napi_create_external(env, m, NULL, NULL, &handle));
  return handle;
}

// unmount(handle): asks the loop to end and detaches the mount (the "exit" call follows).
static napi_value js_unmount(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Mount *m;
  if (!get_mount(env, argv[0], &m)) return NULL;
  if (!m->closed && m->se) {
    fuse_session_exit(m->se);
    fuse_session_unmount(m->se);
  }
  return undef(env);
}

// close(handle): after the "exit" call — joins the loop thread and frees the session.
static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Mount *m;
  if (!get_mount(env, argv[0], &m)) return NULL;
  if (!m->closed) {
    m->closed = 1;
    if (m->thread_started) pthread_join(m->thread, NULL);
    fuse_session_unmount(m->se);
    fuse_session_destroy(m->se);
    m->se = NULL;
  }
  return undef(env);
}

static void fill_stat(struct stat *st, double ino, double mode, double size, double nlink) {
  memset(st, 0, sizeof *st);
  st->st_ino = (ino_t)ino;
  st->st_mode = (mode_t)mode;
  st->st_nlink = (nlink_t)nlink;
  st->st_size = (off_t)size;
  st->st_blksize = 4096;
  st->st_blocks = (blkcnt_t)((st->st_size + 511) / 512);
  // As in a Nix store: owned by root, modified at 1 s past the epoch.
  st->st_mtim.tv_sec = 1;
  st->st_ctim.tv_sec = 1;
  st->st_atim.tv_sec = 1;
}

// replyEntry(req, ino, mode, size, nlink, attrTimeout, entryTimeout)
static napi_value js_reply_entry(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  if (!req) return undef(env);
  struct fuse_entry_param e;
  memset(&e, 0, sizeof e);
  e.ino = (fuse_ino_t)num(env, argv[1]);
  e.generation = 1;
  fill_stat(&e.attr, num(env, argv[1]), num(env, argv[2]), num(env, argv[3]), num(env, argv[4]));
  e.attr_timeout = num(env, argv[5]);
  e.entry_timeout = num(env, argv[6]);
  fuse_reply_entry(req, &e);
  return undef(env);
}

// replyAttr(req, ino, mode, size, nlink, attrTimeout)
static napi_value js_reply_attr(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  if (!req) return undef(env);
  struct stat st;
  fill_stat(&st, num(env, argv[1]), num(env, argv[2]), num(env, argv[3]), num(env, argv[4]));
  fuse_reply_attr(req, &st, num(env, argv[5]));
  return undef(env);
}

// replyErr(req, errno): 0 answers success with no data.
static napi_value js_reply_err(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  if (req) fuse_reply_err(req, (int)num(env, argv[1]));
  return undef(env);
}

// replyBuf(req, bytes)
static napi_value js_reply_buf(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  void *data;
  size_t len;
  if (!get_bytes(env, argv[1], &data, &len)) return NULL;
  if (req) fuse_reply_buf(req, data, len);
  return undef(env);
}

// replyIov(req, [bytes, ...]): several pieces in one answer, without joining them first.
static napi_value js_reply_iov(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  uint32_t n = 0;
  CHECK(napi_get_array_length(env, argv[1], &n));
  struct iovec stack_iov[16];
  struct iovec *iov = n <= 16 ? stack_iov : malloc(n * sizeof(struct iovec));
  if (!iov) {
    if (req) fuse_reply_err(req, ENOMEM);
    return undef(env);
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value el;
    if (napi_get_element(env, argv[1], i, &el) != napi_ok || !get_bytes(env, el, &iov[i].iov_base, &iov[i].iov_len)) {
      if (iov != stack_iov) free(iov);
      return NULL;
    }
  }
  if (req) fuse_reply_iov(req, iov, (int)n);
  if (iov != stack_iov) free(iov);
  return undef(env);
}

// replyReadlink(req, targetBytes)
static napi_value js_reply_readlink(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  void *data;
  size_t len;
  if (!get_bytes(env, argv[1], &data, &len)) return NULL;
  if (!req) return undef(env);
  char *s = malloc(len + 1);
  if (!s) {
    fuse_reply_err(req, ENOMEM);
    return undef(env);
  }
  memcpy(s, data, len);
  s[len] = 0;
  fuse_reply_readlink(req, s);
  free(s);
  return undef(env);
}

// replyOpen(req, fh, keepCache)
static napi_value js_reply_open(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  if (!req) return undef(env);
  struct fuse_file_info fi;
  memset(&fi, 0, sizeof fi);
  fi.fh = (uint64_t)num(env, argv[1]);
  bool keep = false;
  napi_get_value_bool(env, argv[2], &keep);
  fi.keep_cache = keep ? 1 : 0;
  fi.cache_readdir = keep ? 1 : 0;
  fuse_reply_open(req, &fi);
  return undef(env);
}

// replyXattrSize(req, size)
static napi_value js_reply_xattr(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  fuse_req_t req;
  if (!get_req(env, argv[0], &req)) return NULL;
  if (req) fuse_reply_xattr(req, (size_t)num(env, argv[1]));
  return undef(env);
}

#define EXPORT(name, fn)                                                                           \
  do {                                                                                             \
    napi_value f;                                                                                  \
    CHECK(napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f));                        \
    CHECK(napi_set_named_property(env, exports, name, f));                                         \
  } while (0)

static napi_value init(napi_env env, napi_value exports) {
  EXPORT("mount", js_mount);
  EXPORT("unmount", js_unmount);
  EXPORT("close", js_close);
  EXPORT("replyEntry", js_reply_entry);
  EXPORT("replyAttr", js_reply_attr);
  EXPORT("replyErr", js_reply_err);
  EXPORT("replyBuf", js_reply_buf);
  EXPORT("replyIov", js_reply_iov);
  EXPORT("replyReadlink", js_reply_readlink);
  EXPORT("replyOpen", js_reply_open);
  EXPORT("replyXattr", js_reply_xattr);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
