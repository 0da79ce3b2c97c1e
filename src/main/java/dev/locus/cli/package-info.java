/** The {@code kubectl locus} subcommands: {@code plan}, {@code demo}. */
package dev.locus.cli;
