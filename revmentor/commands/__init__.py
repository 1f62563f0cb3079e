"""One module per command or command group; ``revmentor.cli`` wires them."""
