using Workflow.Api;
using Workflow.Api.Security.Keys;

if (KeyCommands.IsCommand(args))
{
    return await KeyCommands.RunAsync(args);
}

var app = WorkflowServer.Build(args);
return await WorkflowServer.RunAsync(app);
