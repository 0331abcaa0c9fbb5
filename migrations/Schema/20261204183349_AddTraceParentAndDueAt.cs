using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflow.Migrations.Schema
{
    /// <inheritdoc />
    public partial class AddTraceParentAndDueAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                schema: "workflow",
                table: "work_items",
                type: "character varying(55)",
                maxLength: 55,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_at",
                schema: "workflow",
                table: "attempts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_attempts_finished_at",
                schema: "workflow",
                table: "attempts",
                column: "finished_at")
                .Annotation("Npgsql:IndexMethod", "brin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_attempts_finished_at",
                schema: "workflow",
                table: "attempts");

            migrationBuilder.DropColumn(
                name: "trace_parent",
                schema: "workflow",
                table: "work_items");

            migrationBuilder.DropColumn(
                name: "due_at",
                schema: "workflow",
                table: "attempts");
        }
    }
}
