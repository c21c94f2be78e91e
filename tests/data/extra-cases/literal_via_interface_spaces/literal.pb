

	gamma ray