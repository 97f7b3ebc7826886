namespace Qc.Codegen;

// Data measured with llc 19.1 (Debian llvm-19): `llc-19 -mtriple=<triple> -mcpu=help` for the names, then one compile per
// CPU name to drop the names that abort for a 64-bit triple (i386, pentium, ...), to read the widest vector register
// the CPU uses for a <16 x float> fadd (xmm/ymm/zmm) and whether half and bfloat arithmetic are native.
// Measured by tools/measure-llvm-targets.sh; rerun it when moving to a new LLVM version (specs/targets.md).
internal static partial class TargetCatalog
{
    /// <summary>x86-64 CPU names LLVM 19 accepts for a 64-bit triple.</summary>
    private static readonly string[] s_x86Cpus =
    [
        "alderlake", "amdfam10", "arrowlake", "arrowlake-s", "arrowlake_s", "athlon-fx",
        "athlon64", "athlon64-sse3", "atom", "atom_sse4_2", "atom_sse4_2_movbe", "barcelona",
        "bdver1", "bdver2", "bdver3", "bdver4", "bonnell", "broadwell",
        "btver1", "btver2", "cannonlake", "cascadelake", "clearwaterforest", "cooperlake",
        "core-avx-i", "core-avx2", "core2", "core_2_duo_sse4_1", "core_2_duo_ssse3", "core_2nd_gen_avx",
        "core_3rd_gen_avx", "core_4th_gen_avx", "core_4th_gen_avx_tsx", "core_5th_gen_avx", "core_5th_gen_avx_tsx", "core_aes_pclmulqdq",
        "core_i7_sse4_2", "corei7", "corei7-avx", "emeraldrapids", "generic", "goldmont",
        "goldmont-plus", "goldmont_plus", "gracemont", "grandridge", "graniterapids", "graniterapids-d",
        "graniterapids_d", "haswell", "icelake-client", "icelake-server", "icelake_client", "icelake_server",
        "ivybridge", "k8", "k8-sse3", "knl", "knm", "lunarlake",
        "meteorlake", "mic_avx512", "nehalem", "nocona", "opteron", "opteron-sse3",
        "pantherlake", "penryn", "raptorlake", "rocketlake", "sandybridge", "sapphirerapids",
        "sierraforest", "silvermont", "skx", "skylake", "skylake-avx512", "skylake_avx512",
        "slm", "tigerlake", "tremont", "westmere", "x86-64", "x86-64-v2",
        "x86-64-v3", "x86-64-v4", "znver1", "znver2", "znver3", "znver4",
        "znver5",
    ];

    /// <summary>x86-64 CPUs with AVX-512 (512-bit vectors).</summary>
    private static readonly string[] s_x86Avx512Cpus =
    [
        "cannonlake", "cascadelake", "cooperlake", "emeraldrapids", "graniterapids", "graniterapids-d",
        "graniterapids_d", "icelake-client", "icelake-server", "icelake_client", "icelake_server", "knl",
        "knm", "mic_avx512", "rocketlake", "sapphirerapids", "skx", "skylake-avx512",
        "skylake_avx512", "tigerlake", "x86-64-v4", "znver4", "znver5",
    ];

    /// <summary>x86-64 CPUs with AVX or AVX2 but not AVX-512 (256-bit vectors).</summary>
    private static readonly string[] s_x86Avx256Cpus =
    [
        "alderlake", "arrowlake", "arrowlake-s", "arrowlake_s", "bdver1", "bdver2",
        "bdver3", "bdver4", "broadwell", "btver2", "clearwaterforest", "core-avx-i",
        "core-avx2", "core_2nd_gen_avx", "core_3rd_gen_avx", "core_4th_gen_avx", "core_4th_gen_avx_tsx", "core_5th_gen_avx",
        "core_5th_gen_avx_tsx", "corei7-avx", "gracemont", "grandridge", "haswell", "ivybridge",
        "lunarlake", "meteorlake", "pantherlake", "raptorlake", "sandybridge", "sierraforest",
        "skylake", "x86-64-v3", "znver1", "znver2", "znver3",
    ];

    /// <summary>x86-64 CPUs with native half arithmetic (AVX512-FP16).</summary>
    private static readonly string[] s_x86Fp16Cpus =
    [
        "emeraldrapids", "graniterapids", "graniterapids-d", "graniterapids_d", "sapphirerapids",
    ];

    /// <summary>x86-64 CPUs with AVX512-BF16 (from LLVM's X86.td processor feature lists).</summary>
    private static readonly string[] s_x86Bf16Cpus =
    [
        "cooperlake", "emeraldrapids", "graniterapids", "graniterapids-d", "graniterapids_d", "sapphirerapids",
        "znver4", "znver5",
    ];

    /// <summary>AArch64 CPU names LLVM 19 accepts.</summary>
    private static readonly string[] s_aarch64Cpus =
    [
        "a64fx", "ampere1", "ampere1a", "ampere1b", "apple-a10", "apple-a11",
        "apple-a12", "apple-a13", "apple-a14", "apple-a15", "apple-a16", "apple-a17",
        "apple-a7", "apple-m4", "carmel", "cortex-a34", "cortex-a35", "cortex-a510",
        "cortex-a520", "cortex-a520ae", "cortex-a53", "cortex-a55", "cortex-a57", "cortex-a65",
        "cortex-a65ae", "cortex-a710", "cortex-a715", "cortex-a72", "cortex-a720", "cortex-a720ae",
        "cortex-a725", "cortex-a73", "cortex-a75", "cortex-a76", "cortex-a76ae", "cortex-a77",
        "cortex-a78", "cortex-a78ae", "cortex-a78c", "cortex-r82", "cortex-r82ae", "cortex-x1",
        "cortex-x1c", "cortex-x2", "cortex-x3", "cortex-x4", "cortex-x925", "exynos-m3",
        "exynos-m4", "exynos-m5", "falkor", "generic", "kryo", "neoverse-512tvb",
        "neoverse-e1", "neoverse-n1", "neoverse-n2", "neoverse-n3", "neoverse-v1", "neoverse-v2",
        "neoverse-v3", "neoverse-v3ae", "oryon-1", "saphira", "thunderx", "thunderx2t99",
        "thunderx3t110", "thunderxt81", "thunderxt83", "thunderxt88", "tsv110",
    ];

    /// <summary>AArch64 CPUs with native half arithmetic (FullFP16).</summary>
    private static readonly string[] s_aarch64Fp16Cpus =
    [
        "a64fx", "ampere1", "ampere1a", "ampere1b", "apple-a11", "apple-a12",
        "apple-a13", "apple-a14", "apple-a15", "apple-a16", "apple-a17", "apple-m4",
        "carmel", "cortex-a510", "cortex-a520", "cortex-a520ae", "cortex-a55", "cortex-a65",
        "cortex-a65ae", "cortex-a710", "cortex-a715", "cortex-a720", "cortex-a720ae", "cortex-a725",
        "cortex-a75", "cortex-a76", "cortex-a76ae", "cortex-a77", "cortex-a78", "cortex-a78ae",
        "cortex-a78c", "cortex-r82", "cortex-r82ae", "cortex-x1", "cortex-x1c", "cortex-x2",
        "cortex-x3", "cortex-x4", "cortex-x925", "exynos-m4", "exynos-m5", "neoverse-512tvb",
        "neoverse-e1", "neoverse-n1", "neoverse-n2", "neoverse-n3", "neoverse-v1", "neoverse-v2",
        "neoverse-v3", "neoverse-v3ae", "oryon-1", "tsv110",
    ];

    /// <summary>AArch64 CPUs with BF16 dot products.</summary>
    private static readonly string[] s_aarch64Bf16Cpus =
    [
        "ampere1", "ampere1a", "ampere1b", "apple-a15", "apple-a16", "apple-a17",
        "apple-m4", "cortex-a510", "cortex-a520", "cortex-a520ae", "cortex-a710", "cortex-a715",
        "cortex-a720", "cortex-a720ae", "cortex-a725", "cortex-x2", "cortex-x3", "cortex-x4",
        "cortex-x925", "neoverse-512tvb", "neoverse-n2", "neoverse-n3", "neoverse-v1", "neoverse-v2",
        "neoverse-v3", "neoverse-v3ae", "oryon-1",
    ];

    /// <summary>x86 feature names (`-mattr`), without the mode features (16bit-mode, 32bit-mode, 64bit) that abort codegen.</summary>
    private static readonly string[] s_x86Features =
    [
        "64bit-mode", "adx", "aes", "allow-light-256-bit", "amx-bf16", "amx-complex",
        "amx-fp16", "amx-int8", "amx-tile", "avx", "avx10.1-256", "avx10.1-512",
        "avx2", "avx512bf16", "avx512bitalg", "avx512bw", "avx512cd", "avx512dq",
        "avx512f", "avx512fp16", "avx512ifma", "avx512vbmi", "avx512vbmi2", "avx512vl",
        "avx512vnni", "avx512vp2intersect", "avx512vpopcntdq", "avxifma", "avxneconvert", "avxvnni",
        "avxvnniint16", "avxvnniint8", "bmi", "bmi2", "branch-hint", "branchfusion",
        "ccmp", "cf", "cldemote", "clflushopt", "clwb", "clzero",
        "cmov", "cmpccxadd", "crc32", "cx16", "cx8", "egpr",
        "enqcmd", "ermsb", "evex512", "f16c", "false-deps-getmant", "false-deps-lzcnt-tzcnt",
        "false-deps-mulc", "false-deps-mullq", "false-deps-perm", "false-deps-popcnt", "false-deps-range", "fast-11bytenop",
        "fast-15bytenop", "fast-7bytenop", "fast-bextr", "fast-dpwssd", "fast-gather", "fast-hops",
        "fast-imm16", "fast-lzcnt", "fast-movbe", "fast-scalar-fsqrt", "fast-scalar-shift-masks", "fast-shld-rotate",
        "fast-variable-crosslane-shuffle", "fast-variable-perlane-shuffle", "fast-vector-fsqrt", "fast-vector-shift-masks", "faster-shift-than-shuffle", "fma",
        "fma4", "fsgsbase", "fsrm", "fxsr", "gfni", "harden-sls-ijmp",
        "harden-sls-ret", "hreset", "idivl-to-divb", "idivq-to-divl", "inline-asm-use-gpr32", "invpcid",
        "kl", "lea-sp", "lea-uses-ag", "lvi-cfi", "lvi-load-hardening", "lwp",
        "lzcnt", "macrofusion", "mmx", "movbe", "movdir64b", "movdiri",
        "mwaitx", "ndd", "nf", "no-bypass-delay", "no-bypass-delay-blend", "no-bypass-delay-mov",
        "no-bypass-delay-shuffle", "nopl", "pad-short-functions", "pclmul", "pconfig", "pku",
        "popcnt", "ppx", "prefer-128-bit", "prefer-256-bit", "prefer-mask-registers", "prefer-movmsk-over-vtest",
        "prefer-no-gather", "prefer-no-scatter", "prefetchi", "prfchw", "ptwrite", "push2pop2",
        "raoint", "rdpid", "rdpru", "rdrnd", "rdseed", "retpoline",
        "retpoline-external-thunk", "retpoline-indirect-branches", "retpoline-indirect-calls", "rtm", "sahf", "sbb-dep-breaking",
        "serialize", "seses", "sgx", "sha", "sha512", "shstk",
        "slow-3ops-lea", "slow-incdec", "slow-lea", "slow-pmaddwd", "slow-pmulld", "slow-shld",
        "slow-two-mem-ops", "slow-unaligned-mem-16", "slow-unaligned-mem-32", "sm3", "sm4", "soft-float",
        "sse", "sse-unaligned-mem", "sse2", "sse3", "sse4.1", "sse4.2",
        "sse4a", "ssse3", "tagged-globals", "tbm", "tsxldtrk", "tuning-fast-imm-vector-shift",
        "uintr", "use-glm-div-sqrt-costs", "use-slm-arith-costs", "usermsr", "vaes", "vpclmulqdq",
        "vzeroupper", "waitpkg", "wbnoinvd", "widekl", "x87", "xop",
        "xsave", "xsavec", "xsaveopt", "xsaves", "zu",
    ];

    /// <summary>AArch64 feature names.</summary>
    private static readonly string[] s_aarch64Features =
    [
        "CONTEXTIDREL2", "a35", "a510", "a520", "a520ae", "a53",
        "a55", "a57", "a64fx", "a65", "a710", "a715",
        "a72", "a720", "a720ae", "a73", "a75", "a76",
        "a77", "a78", "a78ae", "a78c", "addr-lsl-slow-14", "aes",
        "aggressive-fma", "all", "alternate-sextload-cvt-f32-pattern", "altnzcv", "alu-lsl-fast", "am",
        "ampere1", "ampere1a", "ampere1b", "amvs", "apple-a10", "apple-a11",
        "apple-a12", "apple-a13", "apple-a14", "apple-a15", "apple-a16", "apple-a17",
        "apple-a7", "apple-a7-sysreg", "apple-m4", "arith-bcc-fusion", "arith-cbz-fusion", "ascend-store-address",
        "b16b16", "balance-fp-ops", "bf16", "brbe", "bti", "call-saved-x10",
        "call-saved-x11", "call-saved-x12", "call-saved-x13", "call-saved-x14", "call-saved-x15", "call-saved-x18",
        "call-saved-x8", "call-saved-x9", "carmel", "ccdp", "ccidx", "ccpp",
        "chk", "clrbhb", "cmp-bcc-fusion", "complxnum", "cortex-a725", "cortex-r82",
        "cortex-r82ae", "cortex-x1", "cortex-x2", "cortex-x3", "cortex-x4", "cortex-x925",
        "cpa", "crc", "crypto", "cssc", "d128", "disable-latency-sched-heuristic",
        "disable-ldp", "disable-stp", "dit", "dotprod", "ecv", "el2vmsa",
        "el3", "enable-select-opt", "ete", "exynos-cheap-as-move", "exynosm3", "exynosm4",
        "f32mm", "f64mm", "falkor", "faminmax", "fgt", "fix-cortex-a53-835769",
        "flagm", "fmv", "force-32bit-jump-tables", "fp-armv8", "fp16fml", "fp8",
        "fp8dot2", "fp8dot4", "fp8fma", "fpac", "fptoint", "fullfp16",
        "fuse-address", "fuse-addsub-2reg-const1", "fuse-adrp-add", "fuse-aes", "fuse-arith-logic", "fuse-crypto-eor",
        "fuse-csel", "fuse-literals", "gcs", "harden-sls-blr", "harden-sls-nocomdat", "harden-sls-retbr",
        "hbc", "hcx", "i8mm", "ite", "jsconv", "kryo",
        "ldp-aligned-only", "lor", "ls64", "lse", "lse128", "lse2",
        "lut", "mec", "mops", "mpam", "mte", "neon",
        "neoverse512tvb", "neoversee1", "neoversen1", "neoversen2", "neoversen3", "neoversev1",
        "neoversev2", "neoversev3", "neoversev3AE", "nmi", "no-bti-at-return-twice", "no-neg-immediates",
        "no-sve-fp-ld1r", "no-zcz-fp", "nv", "oryon-1", "outline-atomics", "pan",
        "pan-rwv", "pauth", "pauth-lr", "perfmon", "predictable-select-expensive", "predres",
        "prfm-slc-target", "rand", "ras", "rasv2", "rcpc", "rcpc-immo",
        "rcpc3", "rdm", "reserve-lr-for-ra", "reserve-x1", "reserve-x10", "reserve-x11",
        "reserve-x12", "reserve-x13", "reserve-x14", "reserve-x15", "reserve-x18", "reserve-x2",
        "reserve-x20", "reserve-x21", "reserve-x22", "reserve-x23", "reserve-x24", "reserve-x25",
        "reserve-x26", "reserve-x27", "reserve-x28", "reserve-x3", "reserve-x4", "reserve-x5",
        "reserve-x6", "reserve-x7", "reserve-x9", "rme", "saphira", "sb",
        "sel2", "sha2", "sha3", "slow-misaligned-128store", "slow-paired-128", "slow-strqro-store",
        "sm4", "sme", "sme-b16b16", "sme-f16f16", "sme-f64f64", "sme-f8f16",
        "sme-f8f32", "sme-fa64", "sme-i16i64", "sme-lutv2", "sme2", "sme2p1",
        "spe", "spe-eef", "specres2", "specrestrict", "ssbs", "ssve-fp8dot2",
        "ssve-fp8dot4", "ssve-fp8fma", "store-pair-suppress", "stp-aligned-only", "strict-align", "sve",
        "sve-b16b16", "sve2", "sve2-aes", "sve2-bitperm", "sve2-sha3", "sve2-sm4",
        "sve2p1", "tagged-globals", "the", "thunderx", "thunderx2t99", "thunderx3t110",
        "thunderxt81", "thunderxt83", "thunderxt88", "tlb-rmi", "tlbiw", "tme",
        "tpidr-el1", "tpidr-el2", "tpidr-el3", "tpidrro-el0", "tracev8.4", "trbe",
        "tsv110", "uaops", "use-experimental-zeroing-pseudos", "use-fixed-over-scalable-if-equal-cost", "use-postra-scheduler", "use-reciprocal-square-root",
        "use-scalar-inc-vl", "v8.1a", "v8.2a", "v8.3a", "v8.4a", "v8.5a",
        "v8.6a", "v8.7a", "v8.8a", "v8.9a", "v8a", "v8r",
        "v9.1a", "v9.2a", "v9.3a", "v9.4a", "v9.5a", "v9a",
        "vh", "wfxt", "xs", "zcm", "zcz", "zcz-fp-workaround",
        "zcz-gp",
    ];

    /// <summary>NVPTX PTX ISA versions LLVM 19 can write.</summary>
    private static readonly string[] s_ptxFeatures =
    [
        "ptx32", "ptx40", "ptx41", "ptx42", "ptx43", "ptx50",
        "ptx60", "ptx61", "ptx62", "ptx63", "ptx64", "ptx65",
        "ptx70", "ptx71", "ptx72", "ptx73", "ptx74", "ptx75",
        "ptx76", "ptx77", "ptx78", "ptx80", "ptx81", "ptx82",
        "ptx83", "ptx84", "ptx85",
    ];
}
