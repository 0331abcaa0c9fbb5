using Hangfire.Bench.Workloads;
using Workflow.Bench.Common;

namespace Hangfire.Bench;

/// <summary>
/// Runs the selected Hangfire workloads one after another, each in a fresh database, and appends one result
/// per workload and variant. A workload that fails is recorded with its error and the run goes on.
/// </summary>
internal static class HangfireBenchRunner
{
    public static async Task<int> RunAsync(BenchSettings settings)
    {
        ChildProcess.PidFile = settings.PidFile;
        Console.CancelKeyPress += (_, _) => ChildProcess.KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();
        HangfireSetup.ConfigureGlobal();
        try
        {
            var context = await CreateContextAsync(settings);
            var failures = 0;
            foreach (var (workload, variant, run) in Plan(settings))
            {
                Progress.Write($"hangfire {workload} ({variant}): starting");
                BenchResult result;
                try
                {
                    result = await run(context);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Npgsql.NpgsqlException or IOException)
                {
                    result = HangfireContext.Result(workload, variant, context.SettingsWith(), [], [], error: ex.Message);
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

    private static IEnumerable<(string Workload, string Variant, Func<HangfireContext, Task<BenchResult>> Run)> Plan(BenchSettings settings)
    {
        if (settings.Runs("enqueue"))
        {
            yield return ("enqueue", $"single items, C={settings.EnqueueConcurrency}", HangfireEnqueue.RunSingleAsync);
        }

        if (settings.Runs("batch"))
        {
            yield return ("batch", $"batches of {settings.BatchSize}, C={settings.BatchConcurrency}",
                context => Task.FromResult(HangfireEnqueue.Batch(context)));
        }

        if (settings.Runs("drain"))
        {
            yield return ("drain", "1 node", context => HangfireDrain.RunAsync(context, 1));
            yield return ("drain", "2 nodes", context => HangfireDrain.RunAsync(context, 2));
        }

        if (settings.Runs("pickup"))
        {
            yield return ("pickup", $"idle, {settings.PickupRate:0.#}/s", HangfirePickup.RunAsync);
        }

        if (settings.Runs("recovery"))
        {
            yield return ("recovery", $"SIGKILL, {settings.RecoveryN} in flight", HangfireRecovery.RunAsync);
        }

        if (settings.Runs("memory"))
        {
            yield return ("memory", "1 node", HangfireMemory.RunAsync);
        }
    }

    private static async Task<HangfireContext> CreateContextAsync(BenchSettings settings)
    {
        var admin = new PostgresAdmin(settings.ConnectionString);
        var runSettings = await admin.ServerSettingsAsync();
        runSettings["quick"] = settings.Quick;
        runSettings["hangfire_core"] = typeof(BackgroundJob).Assembly.GetName().Version?.ToString();
        runSettings["hangfire_postgresql"] = typeof(PostgreSql.PostgreSqlStorage).Assembly.GetName().Version?.ToString();
        foreach (var (key, value) in HangfireSetup.DefaultOptions())
        {
            runSettings[key] = value;
        }

        return new HangfireContext
        {
            Settings = settings,
            Admin = admin,
            Results = new ResultFile(settings.ResultsPath),
            Servers = new ServerLauncher(settings.LogDirectory),
            PostmasterPid = await admin.PostmasterPidAsync(),
            StatementStats = await admin.EnableStatementStatsAsync(),
            RunSettings = runSettings,
        };
    }
}
