using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Workflow.Migrations.Schema
{
    /// <inheritdoc />
    public partial class AddSchedulingTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_runs",
                schema: "workflow",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    fire_instance_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scheduled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rows_affected = table.Column<long>(type: "bigint", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_runs", x => x.id);
                    table.CheckConstraint("ck_job_runs_outcome", "outcome IN ('running', 'succeeded', 'skipped', 'failed', 'cancelled')");
                });

            migrationBuilder.CreateTable(
                name: "stats_minutes",
                schema: "workflow",
                columns: table => new
                {
                    minute = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    succeeded = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    retried = table.Column<int>(type: "integer", nullable: false),
                    dead = table.Column<int>(type: "integer", nullable: false),
                    cancelled = table.Column<int>(type: "integer", nullable: false),
                    duration_sum_ms = table.Column<double>(type: "double precision", nullable: false),
                    duration_max_ms = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_minutes", x => new { x.minute, x.kind, x.queue });
                });

            migrationBuilder.CreateIndex(
                name: "ix_work_items_finished",
                schema: "workflow",
                table: "work_items",
                column: "finished_at",
                filter: "state IN ('succeeded', 'dead', 'cancelled')");

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_job_scheduled",
                schema: "workflow",
                table: "job_runs",
                columns: new[] { "job_name", "scheduled_at" });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_started_at",
                schema: "workflow",
                table: "job_runs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ux_job_runs_fire_instance",
                schema: "workflow",
                table: "job_runs",
                columns: new[] { "node_id", "fire_instance_id" },
                unique: true);

            foreach (var statement in QuartzTables.CreateStatements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in QuartzTables.Tables.Reverse())
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {QuartzTables.Prefix}{table};");
            }

            migrationBuilder.DropTable(
                name: "job_runs",
                schema: "workflow");

            migrationBuilder.DropTable(
                name: "stats_minutes",
                schema: "workflow");

            migrationBuilder.DropIndex(
                name: "ix_work_items_finished",
                schema: "workflow",
                table: "work_items");
        }
    }
}
