"""Results of the procedure (ket qua giai quyet): separator sheets and splitting a long feeder run into documents,
the metadata read from a result's first page, a dossier's results sent to the province and released on return, and
the headless backlog batch. No Qt: the window and the CLI drive it."""
