using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflow.Migrations.Schema
{
    /// <inheritdoc />
    public partial class AddAttemptFinishedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_attempts_finished_at",
                schema: "workflow",
                table: "attempts",
                column: "finished_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_attempts_finished_at",
                schema: "workflow",
                table: "attempts");
        }
    }
}
