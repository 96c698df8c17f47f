"""One module per command. Each module calls `perfscore.cli.register_command` when imported;
`perfscore.cli` imports every module here, so adding a command is adding a file."""
