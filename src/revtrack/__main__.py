from revtrack.cli import cli

cli(prog_name="revtrack")
