using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Workflow.Migrations.Schema
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "workflow");

            migrationBuilder.CreateTable(
                name: "nodes",
                schema: "workflow",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    process_id = table.Column<int>(type: "integer", nullable: false),
                    queues = table.Column<string[]>(type: "text[]", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_nodes", x => x.id);
                    table.CheckConstraint("ck_nodes_state", "state IN ('running', 'draining', 'stopped', 'dead')");
                });

            migrationBuilder.CreateTable(
                name: "work_items",
                schema: "workflow",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    failed_attempts = table.Column<int>(type: "integer", nullable: false),
                    max_attempts = table.Column<int>(type: "integer", nullable: false),
                    timeout_ms = table.Column<int>(type: "integer", nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    request_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    result = table.Column<string>(type: "jsonb", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    last_error_category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: true),
                    leased_by = table.Column<Guid>(type: "uuid", nullable: true),
                    leased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_items", x => x.id);
                    table.CheckConstraint("ck_work_items_attempts", "attempt >= 0 AND failed_attempts >= 0 AND max_attempts >= 1");
                    table.CheckConstraint("ck_work_items_lease", "(state = 'running') = (lease_token IS NOT NULL)");
                    table.CheckConstraint("ck_work_items_state", "state IN ('pending', 'running', 'succeeded', 'dead', 'cancelled')");
                });

            migrationBuilder.CreateTable(
                name: "attempts",
                schema: "workflow",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    work_item_id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: false),
                    node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_ms = table.Column<double>(type: "double precision", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error_category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    error_type = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    error_stack = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attempts", x => x.id);
                    table.CheckConstraint("ck_attempts_outcome", "outcome IN ('succeeded', 'failed', 'timed_out', 'cancelled', 'abandoned')");
                    table.ForeignKey(
                        name: "fk_attempts_work_items",
                        column: x => x.work_item_id,
                        principalSchema: "workflow",
                        principalTable: "work_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every item is updated twice (lease, then outcome), and no update is HOT, so dead tuples pile up
            // fast in the queue table and its partial pending index. Vacuum it after 1 % of rows change instead
            // of the default 20 %, so leasing keeps scanning a small index.
            migrationBuilder.Sql(
                "ALTER TABLE workflow.work_items SET (autovacuum_vacuum_scale_factor = 0.01, " +
                "autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02, " +
                "autovacuum_vacuum_cost_delay = 0);");

            migrationBuilder.CreateIndex(
                name: "ix_attempts_work_item",
                schema: "workflow",
                table: "attempts",
                columns: new[] { "work_item_id", "number" });

            migrationBuilder.CreateIndex(
                name: "ux_attempts_lease_token",
                schema: "workflow",
                table: "attempts",
                column: "lease_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_nodes_state_heartbeat",
                schema: "workflow",
                table: "nodes",
                columns: new[] { "state", "heartbeat_at" });

            migrationBuilder.CreateIndex(
                name: "ix_work_items_pending",
                schema: "workflow",
                table: "work_items",
                columns: new[] { "priority", "run_at", "id" },
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_work_items_running_lease",
                schema: "workflow",
                table: "work_items",
                column: "lease_expires_at",
                filter: "state = 'running'");

            migrationBuilder.CreateIndex(
                name: "ix_work_items_state_id",
                schema: "workflow",
                table: "work_items",
                columns: new[] { "state", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_work_items_idempotency_key",
                schema: "workflow",
                table: "work_items",
                column: "idempotency_key",
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attempts",
                schema: "workflow");

            migrationBuilder.DropTable(
                name: "nodes",
                schema: "workflow");

            migrationBuilder.DropTable(
                name: "work_items",
                schema: "workflow");
        }
    }
}
