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
  OP_READDIRPLUS = 15,
};

// Small files' bytes, handed over by JavaScript (from a directory's packs) and answered on the loop
// thread without a trip to JavaScript: inode -> bytes, open addressing, oldest dropped first once
// the bytes pass the bound.
typedef struct Cached {
  uint64_t ino;  // 0: free slot
  char *data;
  size_t len;
  uint64_t seq;  // insertion order, for dropping the oldest
} Cached;

typedef struct FileCache {
  pthread_mutex_t lock;
  Cached *slots;
  size_t cap;  // power of two
  size_t used;
  size_t bytes;
  size_t max_bytes;
  uint64_t next_seq;
  uint64_t *order;  // ring of inodes in insertion order
  uint64_t *order_seq;
  size_t order_cap, order_head, order_len;
} FileCache;

// Files whose bytes are pushed into the kernel's page cache (FUSE_NOTIFY_STORE), so that their
// reads never reach this process at all. A thread of its own does it: a store may wait for a page
// lock held by a read that JavaScript is about to answer, so neither the JavaScript thread nor the
// loop thread may be the one waiting.
typedef struct Store {
  struct Store *next;
  uint64_t ino;
  size_t len;
  char data[];
} Store;

typedef struct Mount {
  struct fuse_session *se;
  FileCache cache;
  pthread_t notifier;
  int notifier_started;
  pthread_mutex_t store_lock;
  pthread_cond_t store_cond;
  Store *store_head, *store_tail;
  size_t store_bytes;
  int store_stop;
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

static size_t slot_of(FileCache *c, uint64_t ino) {
  size_t i = (size_t)(ino * 0x9E3779B97F4A7C15ull) & (c->cap - 1);
  while (c->slots[i].ino != 0 && c->slots[i].ino != ino) i = (i + 1) & (c->cap - 1);
  return i;
}

// Removes the entry at slot i, re-placing the entries after it (linear probing).
static void remove_slot(FileCache *c, size_t i) {
  free(c->slots[i].data);
  c->bytes -= c->slots[i].len;
  c->slots[i].ino = 0;
  c->used--;
  size_t j = (i + 1) & (c->cap - 1);
  while (c->slots[j].ino != 0) {
    Cached e = c->slots[j];
    c->slots[j].ino = 0;
    size_t k = slot_of(c, e.ino);
    c->slots[k] = e;
    j = (j + 1) & (c->cap - 1);
  }
}

static int cache_grow(FileCache *c) {
  size_t ncap = c->cap ? c->cap * 2 : 1024;
  Cached *old = c->slots;
  size_t ocap = c->cap;
  c->slots = calloc(ncap, sizeof(Cached));
  if (!c->slots) {
    c->slots = old;
    return -1;
  }
  c->cap = ncap;
  for (size_t i = 0; i < ocap; i++)
    if (old[i].ino) c->slots[slot_of(c, old[i].ino)] = old[i];
  free(old);
  uint64_t *no = malloc(ncap * sizeof(uint64_t)), *ns = malloc(ncap * sizeof(uint64_t));
  if (!no || !ns) {
    free(no);
    free(ns);
    return -1;
  }
  for (size_t i = 0; i < c->order_len; i++) {
    no[i] = c->order[(c->order_head + i) % c->order_cap];
    ns[i] = c->order_seq[(c->order_head + i) % c->order_cap];
  }
  free(c->order);
  free(c->order_seq);
  c->order = no;
  c->order_seq = ns;
  c->order_cap = ncap;
  c->order_head = 0;
  return 0;
}

static void cache_drop_oldest(FileCache *c) {
  while (c->order_len > 0) {
    uint64_t ino = c->order[c->order_head], seq = c->order_seq[c->order_head];
    c->order_head = (c->order_head + 1) % c->order_cap;
    c->order_len--;
    size_t i = slot_of(c, ino);
    // A ring entry whose inode was replaced since is skipped.
    if (c->slots[i].ino == ino && c->slots[i].seq == seq) {
      remove_slot(c, i);
      return;
    }
  }
}

static void cache_put(FileCache *c, uint64_t ino, const void *data, size_t len) {
  if (len > c->max_bytes) return;
  char *copy = malloc(len ? len : 1);
  if (!copy) return;
  memcpy(copy, data, len);
  pthread_mutex_lock(&c->lock);
  if ((c->used + 1) * 2 > c->cap || c->order_len + 1 > c->order_cap) {
    if (cache_grow(c) != 0) {
      pthread_mutex_unlock(&c->lock);
      free(copy);
      return;
    }
  }
  size_t i = slot_of(c, ino);
  if (c->slots[i].ino == ino) {
    // Already there (contents are immutable): keep it.
    pthread_mutex_unlock(&c->lock);
    free(copy);
    return;
  }
  c->slots[i] = (Cached){.ino = ino, .data = copy, .len = len, .seq = c->next_seq};
  c->used++;
  c->bytes += len;
  c->order[(c->order_head + c->order_len) % c->order_cap] = ino;
  c->order_seq[(c->order_head + c->order_len) % c->order_cap] = c->next_seq++;
  c->order_len++;
  while (c->bytes > c->max_bytes && c->used > 0) cache_drop_oldest(c);
  pthread_mutex_unlock(&c->lock);
}

static void *notifier_thread(void *arg) {
  Mount *m = arg;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  for (;;) {
    pthread_mutex_lock(&m->store_lock);
    while (!m->store_head && !m->store_stop) pthread_cond_wait(&m->store_cond, &m->store_lock);
    Store *st = m->store_head;
    if (!st) {
      pthread_mutex_unlock(&m->store_lock);
      return NULL;
    }
    // The whole queue at once.
    m->store_head = m->store_tail = NULL;
    m->store_bytes = 0;
    pthread_mutex_unlock(&m->store_lock);
    while (st) {
      Store *next = st->next;
      if (!m->store_stop) {
        struct fuse_bufvec bufv = FUSE_BUFVEC_INIT(st->len);
        bufv.buf[0].mem = st->data;
        // An inode the kernel no longer knows gives ENOENT: nothing to do then.
        fuse_lowlevel_notify_store(m->se, st->ino, 0, &bufv, 0);
      }
      free(st);
      st = next;
    }
  }
}

// A file's bytes for the kernel's page cache, to be queued with store_push.
static Store *new_store(uint64_t ino, const void *data, size_t len) {
  Store *st = malloc(sizeof(Store) + len);
  if (!st) return NULL;
  st->next = NULL;
  st->ino = ino;
  st->len = len;
  memcpy(st->data, data, len);
  return st;
}

// Queues a chain of stores (one lock, one wake-up for a whole directory); dropped when too much
// is already queued.
static void store_push(Mount *m, Store *head, Store *tail, size_t bytes) {
  if (!head) return;
  pthread_mutex_lock(&m->store_lock);
  if (m->store_stop || m->store_bytes + bytes > (64u << 20)) {
    pthread_mutex_unlock(&m->store_lock);
    while (head) {
      Store *next = head->next;
      free(head);
      head = next;
    }
    return;
  }
  if (m->store_tail)
    m->store_tail->next = head;
  else
    m->store_head = head;
  m->store_tail = tail;
  m->store_bytes += bytes;
  pthread_cond_signal(&m->store_cond);
  pthread_mutex_unlock(&m->store_lock);
}

// Answers a read from the cache; false when the inode is not there.
static bool cache_read(FileCache *c, fuse_req_t req, uint64_t ino, size_t size, off_t off) {
  if (c->max_bytes == 0) return false;
  pthread_mutex_lock(&c->lock);
  if (c->cap == 0) {
    pthread_mutex_unlock(&c->lock);
    return false;
  }
  size_t i = slot_of(c, ino);
  if (c->slots[i].ino != ino) {
    pthread_mutex_unlock(&c->lock);
    return false;
  }
  size_t len = c->slots[i].len;
  size_t from = (size_t)off < len ? (size_t)off : len;
  size_t n = len - from < size ? len - from : size;
  fuse_reply_buf(req, c->slots[i].data + from, n);
  pthread_mutex_unlock(&c->lock);
  return true;
}

static void ll_init(void *userdata, struct fuse_conn_info *conn) {
  (void)userdata;
  // Read-only, immutable content: symlink targets may be cached by the kernel too.
  if (conn->capable & FUSE_CAP_CACHE_SYMLINKS) conn->want |= FUSE_CAP_CACHE_SYMLINKS;
  if (conn->capable & FUSE_CAP_ASYNC_READ) conn->want |= FUSE_CAP_ASYNC_READ;
  // Directory listings carry every entry's attributes (no lookup per entry afterwards), always.
  if (conn->capable & FUSE_CAP_READDIRPLUS) conn->want |= FUSE_CAP_READDIRPLUS;
  conn->want &= ~FUSE_CAP_READDIRPLUS_AUTO;
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

// Opening a file needs nothing from JavaScript: ENOSYS tells the kernel (Linux 4.20 and later) to
// stop sending opens and releases at all, and to keep the page cache of every file across opens
// (content never changes), which saves two round trips for every file read.
static void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
  (void)ino;
  fuse_reply_err(req, (fi->flags & O_ACCMODE) != O_RDONLY ? EROFS : ENOSYS);
}

static void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
  if (cache_read(&((Mount *)fuse_req_userdata(req))->cache, req, ino, size, off)) return;
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

static void ll_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
  Call *c = new_call(OP_READDIRPLUS, req, ino, NULL, 0);
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
    .readdirplus = ll_readdirplus,
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
  size_t argc = 4;
  napi_value argv[4];
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
  pthread_mutex_init(&m->cache.lock, NULL);
  m->cache.max_bytes = argc >= 4 ? (size_t)num(env, argv[3]) : 0;
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
  pthread_mutex_init(&m->store_lock, NULL);
  pthread_cond_init(&m->store_cond, NULL);
  if (m->cache.max_bytes > 0 && pthread_create(&m->notifier, NULL, notifier_thread, m) == 0) m->notifier_started = 1;
  napi_value handle;
  // Never freed: late answers to requests of a closed mount still look at it.
  CHECK(napi_create_external(env, m, NULL, NULL, &handle));
  return handle;
}

// Tells the page-cache thread to end (queued stores are dropped); with `join`, waits for it. Only
// close() joins: a store in progress may wait for a page that a read answered by JavaScript holds,
// so the JavaScript thread must not wait for it while the session still runs.
static void stop_notifier(Mount *m, bool join) {
  if (!m->notifier_started) return;
  pthread_mutex_lock(&m->store_lock);
  m->store_stop = 1;
  pthread_cond_signal(&m->store_cond);
  pthread_mutex_unlock(&m->store_lock);
  if (join) {
    pthread_join(m->notifier, NULL);
    m->notifier_started = 0;
  }
}

// unmount(handle): asks the loop to end and detaches the mount (the "exit" call follows).
static napi_value js_unmount(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Mount *m;
  if (!get_mount(env, argv[0], &m)) return NULL;
  if (!m->closed && m->se) {
    stop_notifier(m, false);
    fuse_session_exit(m->se);
    fuse_session_unmount(m->se);
  }
  return undef(env);
}

// unref(handle): the mount no longer keeps Node's event loop alive (for a process that gave up
// waiting for a busy mount to end: it may then exit, and the loop thread with it).
static napi_value js_unref(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Mount *m;
  if (!get_mount(env, argv[0], &m)) return NULL;
  if (!m->closed) napi_unref_threadsafe_function(env, m->tsfn);
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
    stop_notifier(m, true);
    fuse_session_unmount(m->se);
    fuse_session_destroy(m->se);
    m->se = NULL;
    // The loop thread is gone: nothing reads the cache any more.
    for (size_t i = 0; i < m->cache.cap; i++) free(m->cache.slots[i].ino ? m->cache.slots[i].data : NULL);
    free(m->cache.slots);
    free(m->cache.order);
    free(m->cache.order_seq);
    m->cache.slots = NULL;
    m->cache.cap = m->cache.used = m->cache.bytes = m->cache.order_len = m->cache.order_cap = 0;
    m->cache.max_bytes = 0;
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

// cacheFiles(handle, inos[], bytes[]): later reads of these inodes are answered on the loop
// thread, and their bytes are pushed into the kernel's page cache.
static napi_value js_cache_files(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Mount *m;
  if (!get_mount(env, argv[0], &m)) return NULL;
  uint32_t n = 0, n2 = 0;
  CHECK(napi_get_array_length(env, argv[1], &n));
  CHECK(napi_get_array_length(env, argv[2], &n2));
  if (n2 < n) n = n2;
  Store *head = NULL, *tail = NULL;
  size_t bytes = 0;
  for (uint32_t i = 0; i < n && !m->closed; i++) {
    napi_value vi, vd;
    void *data;
    size_t len;
    if (napi_get_element(env, argv[1], i, &vi) != napi_ok || napi_get_element(env, argv[2], i, &vd) != napi_ok ||
        !get_bytes(env, vd, &data, &len))
      break;
    uint64_t ino = (uint64_t)num(env, vi);
    cache_put(&m->cache, ino, data, len);
    Store *st = m->notifier_started && len > 0 ? new_store(ino, data, len) : NULL;
    if (!st) continue;
    if (tail)
      tail->next = st;
    else
      head = st;
    tail = st;
    bytes += len;
  }
  store_push(m, head, tail, bytes);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  return pending ? NULL : undef(env);
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
  EXPORT("unref", js_unref);
  EXPORT("cacheFiles", js_cache_files);
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
