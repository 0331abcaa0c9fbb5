using Workflow.Api;
using Workflow.Api.Security.Keys;

if (KeyCommands.IsCommand(args))
{
    return await KeyCommands.RunAsync(args);
}

WebApplication app;
try
{
    app = WorkflowServer.Build(args);
}
catch (MissingConnectionStringException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return WorkflowServer.InvalidConfigurationExitCode;
}

return await WorkflowServer.RunAsync(app);
