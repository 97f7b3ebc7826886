namespace Qc.Cli.Tests;

/// <summary>Runs the qc command line in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = QcCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
