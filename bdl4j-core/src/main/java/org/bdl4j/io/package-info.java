/**
 * The on-disk form of models (model format version 2).
 *
 * <ul>
 *   <li>{@link org.bdl4j.io.ModelDirectory}: a directory with {@code manifest.json} and one
 *       little-endian float32 file per named array, each recorded in the manifest with its length and
 *       SHA-256; written all or nothing (into a fresh sibling that replaces the target once complete),
 *       and checked on reading, so that a foreign, newer, older (format 1), truncated or corrupted
 *       directory is reported in one line ({@link org.bdl4j.io.ModelFileException}).
 *   <li>{@link org.bdl4j.io.ModelHeader}: the one header every saved posterior starts with (method,
 *       likelihood, data schema, network structure when there is one, seed and provenance), written and
 *       read in one place, with consistency checks; {@link org.bdl4j.io.ManifestCodec} holds the JSON
 *       forms of the network spec and the schema.
 *   <li>{@link org.bdl4j.io.Provenances}: making a {@link org.bdl4j.Provenance} and its JSON form;
 *       {@link org.bdl4j.io.Versions}: the bdl4j, DJL and engine versions recorded with it.
 *   <li>{@link org.bdl4j.io.PosteriorLoader}: the service that reads one method's models back, found
 *       with {@link java.util.ServiceLoader}, so that this package imports no method package.
 * </ul>
 */
package org.bdl4j.io;
