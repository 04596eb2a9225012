from chartertext.cli import main

main()
