from revmentor.cli import main

main()
