using Workflow.Bench;
using Workflow.Bench.Common;
using Workflow.Bench.Report;

const string usage = """
    Usage:
      Workflow.Bench run --connection CS --results FILE --server-dll PATH [options]
          Runs the Workflow workloads against node processes of the given Workflow.Api.dll.
      Workflow.Bench report --results FILE [--machine FILE]
          Prints the markdown comparison of the results file; --machine adds a file of "key: value" lines.

    Options of run:
    """;

if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(usage + Environment.NewLine + BenchSettings.Help() + Environment.NewLine +
        "  --server-dll PATH        the built Workflow.Api.dll that node processes run (required)");
    return 0;
}

try
{
    return args[0] switch
    {
        "run" => await WorkflowBenchRunner.RunAsync(BenchSettings.Parse(args[1..])),
        "report" => MarkdownReport.Print(args[1..]),
        _ => throw new ArgumentException($"Unknown command '{args[0]}'. Use run or report; see --help."),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
