/**
 * Options as data: {@link org.bdl4j.options.OptionDescriptor} (name, type, default, rule, help),
 * {@link org.bdl4j.options.ValueType} (how a value is parsed from and written to text),
 * {@link org.bdl4j.options.OptionValues} (the values given), {@link org.bdl4j.options.EnumNames} (the
 * one rule for naming and parsing enum constants), {@link org.bdl4j.options.InvalidOptionException}
 * (the one-line error naming the option and the value found) and {@link org.bdl4j.options.Words}
 * (wording helpers for those messages).
 *
 * <p>Every range check of a method's or of training's options is a {@link org.bdl4j.options.Rule} on
 * a descriptor, checked by the Java builders and the command line alike; the command line builds its
 * options and help from the descriptors. This package depends on the JDK only.
 */
package org.bdl4j.options;
