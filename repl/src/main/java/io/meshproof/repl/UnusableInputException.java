package io.meshproof.repl;

/**
 * Input the user must fix: the message is complete, names the file and says why, and is printed
 * without a stack trace. Exits with {@link ExitCodes#UNUSABLE_INPUT}.
 */
final class UnusableInputException extends Exception {
    UnusableInputException(String message) {
        super(message);
    }
}
