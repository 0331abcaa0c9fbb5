using System.Diagnostics;

namespace Workflow.Tests.Integration.Infrastructure;

/// <summary>
/// Runs a management command of the built server (<c>dotnet Workflow.Api.dll keys ...</c>) in a child process; a null
/// connection string runs it with none configured.
/// </summary>
public static class ServerCommand
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string? connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Workflow.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (connectionString is null)
        {
            start.Environment.Remove("ConnectionStrings__Workflow");
        }
        else
        {
            start.Environment["ConnectionStrings__Workflow"] = connectionString;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The server command did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
