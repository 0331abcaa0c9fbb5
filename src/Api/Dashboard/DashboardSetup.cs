using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.FileProviders;
using Workflow.Api.Security.Dashboard;

namespace Workflow.Api.Dashboard;

/// <summary>
/// Registers and maps the operator dashboard under <see cref="BasePath"/>: Razor Pages rendered on the server, its
/// scripts and styles as files embedded in this assembly (so the dashboard works from any content root and loads
/// nothing from another host), and the JSON routes its scripts poll.
/// </summary>
public static class DashboardSetup
{
    public const string BasePath = "/dashboard";

    /// <summary>Where the embedded scripts and styles are served.</summary>
    public const string AssetsPath = BasePath + "/assets";

    public static IServiceCollection AddWorkflowDashboard(this IServiceCollection services)
    {
        var assembly = typeof(DashboardSetup).Assembly;
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Dashboard/Pages";
                options.Conventions.ConfigureFilter(new OperatorActionFilter());
                options.Conventions.ConfigureFilter(new ExpiredFormFilter());
            })
            .ConfigureApplicationPartManager(manager =>
            {
                // The pages are compiled into this assembly. A host whose entry assembly is another one (a test
                // runner, an app that embeds the server) would not find them, so the part is added unless present.
                if (!manager.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        manager.ApplicationParts.Add(part);
                    }
                }
            });
        services.AddScoped<NodeStatusQuery>();
        return services;
    }

    /// <summary>
    /// Maps the dashboard's pages, assets and JSON routes. Pages and JSON routes need <see cref="DashboardAuth.ReadPolicy"/>,
    /// and their POST handlers <see cref="DashboardAuth.OperatePolicy"/> as well. The returned builder covers the pages
    /// and JSON routes, so a host can add conventions to all of them at once.
    /// </summary>
    public static IEndpointConventionBuilder MapWorkflowDashboard(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new EmbeddedFileProvider(typeof(DashboardSetup).Assembly, "Workflow.Api.Dashboard.Assets"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        var pages = app.MapRazorPages().RequireAuthorization(DashboardAuth.ReadPolicy);
        var json = app.MapDashboardJson().RequireAuthorization(DashboardAuth.ReadPolicy);
        return new CompositeConventionBuilder([pages, json]);
    }

    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
