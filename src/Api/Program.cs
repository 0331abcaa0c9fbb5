using Workflow.Api;

var app = WorkflowServer.Build(args);
return await WorkflowServer.RunAsync(app);
