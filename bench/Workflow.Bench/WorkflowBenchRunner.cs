using Workflow.Bench.Common;
using Workflow.Bench.Workloads;

namespace Workflow.Bench;

/// <summary>
/// Runs the selected Workflow workloads one after another, each in a fresh database, and appends one result
/// per workload and variant. A workload that fails is recorded with its error and the run goes on.
/// </summary>
internal static class WorkflowBenchRunner
{
    public static async Task<int> RunAsync(BenchSettings settings)
    {
        if (settings.ServerDll is null || !File.Exists(settings.ServerDll))
        {
            throw new ArgumentException($"--server-dll '{settings.ServerDll}' is missing or not a file; build src/Api and pass its Workflow.Api.dll.");
        }

        ChildProcess.PidFile = settings.PidFile;
        Console.CancelKeyPress += (_, _) => ChildProcess.KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();
        try
        {
            var context = await CreateContextAsync(settings);
            var failures = 0;
            foreach (var (workload, variant, run) in Plan(settings))
            {
                Progress.Write($"workflow {workload} ({variant}): starting");
                BenchResult result;
                try
                {
                    result = await run(context);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException
                                              or Npgsql.NpgsqlException or IOException)
                {
                    result = BenchContext.Result(workload, variant, context.SettingsWith(), [], [], error: ex.Message);
                }

                failures += result.Error is null ? 0 : 1;
                context.Results.Append(result);
            }

            return failures == 0 ? 0 : 1;
        }
        finally
        {
            ChildProcess.KillAll();
        }
    }

    private static IEnumerable<(string Workload, string Variant, Func<BenchContext, Task<BenchResult>> Run)> Plan(BenchSettings settings)
    {
        if (settings.Runs("enqueue"))
        {
            yield return ("enqueue", $"single items, C={settings.EnqueueConcurrency}", EnqueueWorkloads.RunSingleAsync);
        }

        if (settings.Runs("batch"))
        {
            yield return ("batch", $"batches of {settings.BatchSize}, C={settings.BatchConcurrency}", EnqueueWorkloads.RunBatchAsync);
        }

        if (settings.Runs("drain"))
        {
            yield return ("drain", DrainWorkload.NodesLabel(1), context => DrainWorkload.RunAsync(context, 1));
            yield return ("drain", DrainWorkload.NodesLabel(2), context => DrainWorkload.RunAsync(context, 2));
        }

        if (settings.Runs("profile"))
        {
            yield return ("profile", "drain, 1 node, perf", ProfileWorkload.RunAsync);
        }

        if (settings.Runs("pickup"))
        {
            yield return ("pickup", $"idle, {settings.PickupRate:0.#}/s", PickupWorkload.RunAsync);
        }

        if (settings.Runs("recovery"))
        {
            yield return ("recovery", $"SIGKILL, {settings.RecoveryN} in flight", RecoveryWorkload.RunAsync);
        }

        if (settings.Runs("memory"))
        {
            yield return ("memory", "1 node", MemoryWorkload.RunAsync);
        }

        if (settings.Runs("dashboard"))
        {
            yield return ("dashboard", $"{settings.DashboardN:N0} finished items", DashboardWorkload.RunAsync);
        }
    }

    private static async Task<BenchContext> CreateContextAsync(BenchSettings settings)
    {
        var admin = new PostgresAdmin(settings.ConnectionString);
        var runSettings = await admin.ServerSettingsAsync();
        runSettings["quick"] = settings.Quick;
        foreach (var (key, value) in NodeLauncher.BaseSettings)
        {
            runSettings["node_env_" + key] = value;
        }

        // Node settings given to the bench's environment reach every node, so they are part of each result.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("Workflow__", StringComparison.Ordinal)))
        {
            runSettings["node_env_" + key] = Environment.GetEnvironmentVariable(key);
        }

        return new BenchContext
        {
            Settings = settings,
            Admin = admin,
            Results = new ResultFile(settings.ResultsPath),
            Nodes = new NodeLauncher(Path.GetFullPath(settings.ServerDll!), settings.LogDirectory),
            PostmasterPid = await admin.PostmasterPidAsync(),
            StatementStats = await admin.EnableStatementStatsAsync(),
            RunSettings = runSettings,
        };
    }
}
