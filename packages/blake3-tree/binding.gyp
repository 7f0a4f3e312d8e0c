{
  # The BLAKE3 tree addon. Plain C, N-API only, so one build serves every Node version >= 20.
  # No -march flags: wide SIMD code is compiled per function with target attributes and chosen
  # at run time (see csrc/blake3_tree.c), so the binary runs on any CPU of its architecture.
  "targets": [
    {
      "target_name": "blake3_tree",
      "sources": ["csrc/blake3_tree.c", "csrc/addon.c"],
      "cflags_c": ["-std=gnu11", "-O3", "-Wall", "-Wextra", "-fvisibility=hidden"]
    }
  ]
}
