using Qc.Core.Diagnostics;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>Loads a package for running, turning package and runtime failures into their QC70xx/QC72xx diagnostics.</summary>
internal static class PackageLoader
{
    /// <summary>Checks a thread count from the command line (null: the runtime's default).</summary>
    public static bool CheckThreads(int? threads, DiagnosticBag bag)
    {
        if (threads is < 1)
        {
            PackageDiagnostics.BadArgument(bag, $"--threads must be at least 1, not {threads}");
            return false;
        }

        return true;
    }

    /// <summary>The loaded model, or null after reporting why it cannot be loaded.</summary>
    public static QcModel? Load(string path, QcOptions options, DiagnosticBag bag)
    {
        try
        {
            return QcModel.Load(path, options);
        }
        catch (PackageException e)
        {
            PackageDiagnostics.Package(bag, path, e);
        }
        catch (QcRuntimeException e)
        {
            PackageDiagnostics.Runtime(bag, path, e);
        }

        return null;
    }

    /// <summary>Runs the model, or returns null after reporting the runtime's error.</summary>
    public static IReadOnlyDictionary<string, QcTensor>? Run(QcModel model, string path, IReadOnlyDictionary<string, QcTensor> inputs, DiagnosticBag bag)
    {
        try
        {
            return model.Run(inputs);
        }
        catch (QcRuntimeException e)
        {
            PackageDiagnostics.Runtime(bag, path, e);
            return null;
        }
    }
}
