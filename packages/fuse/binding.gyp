{
  # The libfuse3 low-level binding. Plain C, N-API only, so one build serves every Node >= 20.
  # Needs libfuse3's headers and library (Debian: libfuse3-dev, which ./scripts/setup.sh installs).
  "targets": [
    {
      "target_name": "castore_fuse",
      "sources": ["csrc/fuse_ll.c"],
      "cflags_c": ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fvisibility=hidden"],
      "include_dirs": ["/usr/include/fuse3"],
      "libraries": ["-lfuse3", "-lpthread"]
    }
  ]
}
