from plugin.cli.main import main

main()
