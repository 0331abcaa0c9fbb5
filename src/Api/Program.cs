using Workflow.Api;

var app = WorkflowServer.Build(args);
await WorkflowServer.RunAsync(app);
