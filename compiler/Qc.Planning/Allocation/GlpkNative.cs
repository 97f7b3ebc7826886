using System.Runtime.InteropServices;

namespace Qc.Planning.Allocation;

/// <summary>The GLPK 5.0 C functions the allocator uses (<c>glpk.h</c>), bound through <see cref="GlpkLibrary"/>'s resolver.</summary>
/// <remarks>Arrays passed to <see cref="LoadMatrix"/> are 1-based: index 0 is unused. GLPK aborts the process on invalid
/// arguments, so callers validate everything first.</remarks>
internal static unsafe partial class GlpkNative
{
    public const int Min = 1;
    public const int Up = 3;
    public const int Fx = 5;
    public const int Bv = 3;
    public const int On = 1;
    public const int Off = 0;
    public const int MsgOff = 0;

    // glp_mip_status
    public const int Undef = 1;
    public const int Feas = 2;
    public const int NoFeas = 4;
    public const int Opt = 5;

    // glp_intopt return codes
    public const int ETmLim = 0x09;
    public const int ENoPfs = 0x0A;
    public const int ENoDfs = 0x0B;

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_create_prob")]
    public static partial IntPtr CreateProb();

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_delete_prob")]
    public static partial void DeleteProb(IntPtr lp);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_set_obj_dir")]
    public static partial void SetObjDir(IntPtr lp, int dir);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_add_rows")]
    public static partial int AddRows(IntPtr lp, int count);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_add_cols")]
    public static partial int AddCols(IntPtr lp, int count);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_set_row_bnds")]
    public static partial void SetRowBnds(IntPtr lp, int row, int type, double lb, double ub);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_set_col_bnds")]
    public static partial void SetColBnds(IntPtr lp, int col, int type, double lb, double ub);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_set_col_kind")]
    public static partial void SetColKind(IntPtr lp, int col, int kind);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_set_obj_coef")]
    public static partial void SetObjCoef(IntPtr lp, int col, double coef);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_load_matrix")]
    public static partial void LoadMatrix(IntPtr lp, int ne, int* ia, int* ja, double* ar);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_init_iocp")]
    public static partial void InitIocp(ref Iocp parm);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_intopt")]
    public static partial int IntOpt(IntPtr lp, ref Iocp parm);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_mip_status")]
    public static partial int MipStatus(IntPtr lp);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_mip_obj_val")]
    public static partial double MipObjVal(IntPtr lp);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_mip_col_val")]
    public static partial double MipColVal(IntPtr lp, int col);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_term_out")]
    public static partial int TermOut(int flag);

    [LibraryImport(GlpkLibrary.ImportName, EntryPoint = "glp_version")]
    public static partial IntPtr Version();
}

/// <summary>GLPK 5.0's <c>glp_iocp</c> (integer optimizer control parameters), field for field, reserved tail included.</summary>
/// <remarks><c>glp_init_iocp</c> writes the whole C struct, so this must be exactly as large: 328 bytes on x86-64
/// (checked by a unit test and against <c>sizeof(glp_iocp)</c> from <c>glpk.h</c>). Field names follow the C header.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Iocp
{
#pragma warning disable IDE1006 // names as in glpk.h
    public int msg_lev, br_tech, bt_tech;
    public double tol_int, tol_obj;
    public int tm_lim, out_frq, out_dly;
    public IntPtr cb_func, cb_info;
    public int cb_size, pp_tech;
    public double mip_gap;
    public int mir_cuts, gmi_cuts, cov_cuts, clq_cuts, presolve, binarize, fp_heur, ps_heur, ps_tm_lim, sr_heur, use_sol;
    public IntPtr save_sol;
    public int alien, flip;
    public fixed double foo_bar[23];
#pragma warning restore IDE1006
}
