using Qc.Cli;

return QcCommand.Run(args, Console.Out, Console.Error);
