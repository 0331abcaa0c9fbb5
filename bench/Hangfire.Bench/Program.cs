using Hangfire.Bench;
using Workflow.Bench.Common;

const string usage = """
    Usage:
      Hangfire.Bench run --connection CS --results FILE [options]
          Runs the Hangfire workloads (Hangfire.Core with Hangfire.PostgreSql) against server processes.
      Hangfire.Bench server --connection CS --name NAME [--workers N]
          Runs one Hangfire server until SIGTERM; the run command starts these itself.

    Options of run:
    """;

if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(usage + Environment.NewLine + BenchSettings.Help());
    return 0;
}

try
{
    return args[0] switch
    {
        "run" => await HangfireBenchRunner.RunAsync(BenchSettings.Parse(args[1..])),
        "server" => await ServerCommand.RunAsync(args[1..]),
        _ => throw new ArgumentException($"Unknown command '{args[0]}'. Use run or server; see --help."),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
